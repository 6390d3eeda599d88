/**
 * @noble/ciphers/aes, loaded when first used: pdfkit needs it only to encrypt a PDF, which we
 * never ask of it, and the module builds its tables as it loads (about 10 ms).
 */
let aes;
const load = () => (aes ??= require('@noble/ciphers/aes'));

module.exports = {
  cbc: (...args) => load().cbc(...args),
  ecb: (...args) => load().ecb(...args),
};
