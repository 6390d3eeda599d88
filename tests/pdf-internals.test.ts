/**
 * The PDF stage's list of pdfmake's, pdfkit's and fontkit's internals (src/pdf/internals.ts):
 * the installed packages have every one, and a missing one stops the set-up with its name.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkInternal, checkInternals, INTERNALS, MODULES, type ModuleName, PINNED } from '../src/pdf/internals.js';

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
      checkInternal(internal('pdfmake'), Object.assign(Object.create(require('pdfmake')), { virtualfs: {} })),
    ).toThrow('pdfmake has no virtualfs.existsSync');
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
