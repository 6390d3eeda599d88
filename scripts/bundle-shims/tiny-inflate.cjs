/**
 * tiny-inflate's one function, with zlib doing the inflating: unicode-trie (through fontkit,
 * unicode-properties and linebreak) inflates its tables with it as the typesetter loads, which
 * takes pure JavaScript some 30 ms and zlib about 1 ms. Same bytes out; anything zlib refuses,
 * or that would not fit, goes to tiny-inflate itself, to fail or not as it would have.
 */
const { inflateRawSync } = require('node:zlib');
const tinyInflate = require('tiny-inflate');

module.exports = function inflate(source, dest) {
  let out;
  try {
    out = inflateRawSync(source);
  } catch {
    return tinyInflate(source, dest);
  }
  if (out.length > dest.length) return tinyInflate(source, dest);
  dest.set(out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
};
