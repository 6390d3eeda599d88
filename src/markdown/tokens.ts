/**
 * The tokens of a document, as lex() gives them and the renderers read them: marked's, with
 * their children typed as the blocks and inlines they are, and marked-footnote's. Nothing else
 * passes from the lexer to a renderer.
 */
import type { Tokens } from 'marked';
import type { FootnoteRef, Footnote as MarkedFootnote, Footnotes as MarkedFootnotes } from 'marked-footnote';

export type Block =
  | Tokens.Space
  | Tokens.Hr
  | Tokens.Code
  | Html
  | Tokens.Def
  | Heading
  | Paragraph
  | Blockquote
  | List
  | Table
  | Text
  | Footnote
  | Footnotes;

export type Inline =
  | Text
  | Tokens.Escape
  | Tokens.Codespan
  | Tokens.Br
  | Strong
  | Em
  | Del
  | Link
  | Image
  | Tag
  | Checkbox
  | FootnoteRef;

/** Raw HTML as a block: printed as text, unless it is a layout directive. */
export type Html = Tokens.HTML;
/** Raw HTML inside a line: printed as text. */
export type Tag = Tokens.Tag;
export type Checkbox = Tokens.Checkbox;

export interface Heading extends Omit<Tokens.Heading, 'tokens'> {
  tokens: Inline[];
}
export interface Paragraph extends Omit<Tokens.Paragraph, 'tokens'> {
  tokens: Inline[];
}
/** Text: a tight list item's holds inline tokens; inline text holds none. */
export interface Text extends Omit<Tokens.Text, 'tokens'> {
  tokens?: Inline[];
}
export interface Blockquote extends Omit<Tokens.Blockquote, 'tokens'> {
  tokens: Block[];
}
export interface List extends Omit<Tokens.List, 'items'> {
  items: ListItem[];
}
/** A tight task item's tokens start with its checkbox. */
export interface ListItem extends Omit<Tokens.ListItem, 'tokens'> {
  tokens: (Block | Checkbox)[];
}
export interface Table extends Omit<Tokens.Table, 'header' | 'rows'> {
  header: TableCell[];
  rows: TableCell[][];
}
export interface TableCell extends Omit<Tokens.TableCell, 'tokens'> {
  tokens: Inline[];
}
export interface Strong extends Omit<Tokens.Strong, 'tokens'> {
  tokens: Inline[];
}
export interface Em extends Omit<Tokens.Em, 'tokens'> {
  tokens: Inline[];
}
export interface Del extends Omit<Tokens.Del, 'tokens'> {
  tokens: Inline[];
}
export interface Link extends Omit<Tokens.Link, 'tokens'> {
  tokens: Inline[];
}
export interface Image extends Omit<Tokens.Image, 'tokens'> {
  tokens: Inline[];
}

/** A footnote's definition (`[^id]: …`), where it stands in the Markdown. */
export interface Footnote extends Omit<MarkedFootnote, 'content'> {
  content: Block[];
}
/** The document's footnotes, in the order of their first reference; `raw` is their heading. */
export interface Footnotes extends Omit<MarkedFootnotes, 'items' | 'rawItems'> {
  items: Footnote[];
  rawItems: Footnote[];
}
/** A reference to a footnote (`[^id]`): `id` is its number. */
export type { FootnoteRef };
