/**
 * The PDF stage's list of pdfmake's, pdfkit's and fontkit's internals (src/pdf/internals.ts):
 * the installed packages have every one, and a missing one stops the set-up with its name.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BriefingError } from '../src/diagnostics.js';
import { checkInternal, checkInternals, INTERNALS, MODULES, type ModuleName, PINNED } from '../src/pdf/internals.js';
import { PATCHES, patchesOff } from '../src/pdf/patches.js';

const require = createRequire(import.meta.url);
const load = (name: ModuleName): unknown =>
  require(name === 'fontkit' ? require.resolve('fontkit', { paths: [require.resolve('pdfkit')] }) : MODULES[name]);
const internal = (name: ModuleName) => INTERNALS.find((i) => i.module === name)!;

describe('internals relied on', () => {
  it('are all in the installed packages, at the pinned versions', () => {
    const loaded: string[] = [];
    checkInternals(load, (name) => loaded.push(name));
    expect(loaded.sort()).toEqual(Object.keys(MODULES).sort());
    const { dependencies } = require('../package.json') as { dependencies: Record<string, string> };
    for (const [name, version] of Object.entries(PINNED)) expect(dependencies[name], name).toBe(version);
  });

  it('a missing method stops the set-up, naming it and the versions needed', () => {
    class Renderer {}
    expect(() => checkInternal(internal('Renderer'), { default: Renderer })).toThrow(
      'pdfmake internals changed: pdfmake/js/Renderer.js has no default.prototype.renderLine; briefing needs pdfmake 0.3.11, pdfkit 0.19.1, fontkit 2.0.4',
    );
    expect(() =>
      checkInternal(internal('pdfmake'), Object.assign(Object.create(require('pdfmake')), { createPdf: undefined })),
    ).toThrow('pdfmake has no createPdf');
  });

  it('a missing field or module stops it too', () => {
    class StyleContextStack {
      static getStyleProperty() {}
      push() {}
      pop() {}
      getProperty() {}
      styles = {};
    }
    expect(() => checkInternal(internal('StyleContextStack'), { default: StyleContextStack })).toThrow(
      'pdfmake/js/StyleContextStack.js has no styleDictionary',
    );
    const moved = (name: ModuleName) => {
      if (name === 'TextInlines') throw new Error('Cannot find module');
      return load(name);
    };
    expect(() => checkInternals(moved)).toThrow('pdfmake internals changed: cannot load pdfmake/js/TextInlines.js');
  });
});

describe('the patches switch', () => {
  it('takes none or a list of patch names, and says which it knows when given another', () => {
    expect(patchesOff('none').size).toBe(Object.keys(PATCHES).length);
    expect([...patchesOff('runs, style-lookups')]).toEqual(['runs', 'style-lookups']);
    expect(patchesOff(undefined).size).toBe(0);
    let error: unknown;
    try {
      patchesOff('runs,speed');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).status).toBe('usage');
    expect((error as Error).message).toMatch(/^BRIEFING_PDF_PATCHES: no patch named speed; it takes 'none' or /);
  });
});
