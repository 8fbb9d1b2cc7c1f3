import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import type { VitePluginConfig } from '@electron-forge/plugin-vite/dist/Config';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import forgeConfig from '../../forge.config';
import { scratchDir } from '../support/web-host';

/**
 * The Electron build checked where Electron's binary cannot run (decision 0010): main,
 * preload and renderer built by Forge's own Vite config generator from forge.config.ts
 * (the base config, build.lib / rollup input, the MAIN_WINDOW_VITE_* defines), into a
 * scratch folder instead of .vite/; then the packaging hook and the fuses.
 */
const ROOT = resolve(__dirname, '../..');

type ForgePlugin = { name: string; config?: unknown; fusesConfig?: Record<string | number, unknown> };
const plugins = (forgeConfig.plugins ?? []) as unknown as ForgePlugin[];
const plugin = (name: string) => {
  const found = plugins.find((p) => p.name === name);
  if (!found) throw new Error(`forge.config.ts has no ${name} plugin`);
  return found;
};

let dir: { path: string; remove(): Promise<void> };
const out = (target: string) => join(dir.path, target);

beforeAll(async () => {
  dir = await scratchDir('forge-build-');
  // Forge's own generator (what `electron-forge package` runs), production mode.
  const { default: ViteConfigGenerator } = (await import('@electron-forge/plugin-vite/dist/ViteConfig')) as unknown as {
    default: new (config: VitePluginConfig, projectDir: string, isProd: boolean) => {
      getBuildConfigs(): Promise<InlineConfig[]>;
      getRendererConfig(): Promise<InlineConfig[]>;
    };
  };
  const generator = new ViteConfigGenerator(plugin('vite').config as VitePluginConfig, ROOT, true);
  const [main, preload] = await generator.getBuildConfigs();
  const [renderer] = await generator.getRendererConfig();
  const run = (config: InlineConfig | undefined, outDir: string) =>
    build({ configFile: false, logLevel: 'silent', ...config, build: { ...config!.build, outDir, emptyOutDir: true } });
  // One at a time: a 2-core machine shared with other test files.
  await run(main, out('main'));
  await run(preload, out('preload'));
  await run(renderer, out('renderer'));
}, 300_000);
afterAll(() => dir?.remove());

const requires = (code: string) => [...code.matchAll(/(?<![\w$.])require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
// `\b`: CommonJS's `exports.x =` is not an ES `export`.
const hasImportOrExport = (code: string) => /(^|[;}\n])\s*(import\b\s*[\w{*"']|export\b\s*[\w{*])/m.test(code) || /\bimport\s*\(/.test(code);

describe('the Forge build, without the Electron binary', () => {
  it('the preload is one CommonJS file that needs nothing but electron', async () => {
    expect(await readdir(out('preload'))).toEqual(['preload.js']);
    const code = await readFile(join(out('preload'), 'preload.js'), 'utf8');
    expect(hasImportOrExport(code)).toBe(false);
    expect(new Set(requires(code))).toEqual(new Set(['electron']));
    expect(code).toContain('contextBridge');
  });

  it('main is CommonJS, and leaves electron and the smartcard addon to be loaded at run time', async () => {
    expect(await readdir(out('main'))).toContain('main.js');
    const code = await readFile(join(out('main'), 'main.js'), 'utf8');
    expect(hasImportOrExport(code)).toBe(false);
    const needed = new Set(requires(code));
    expect(needed).toContain('electron');
    expect(needed).toContain('smartcard');
    // (booleans: a failure must not print a megabyte of bundle)
    expect(code.includes('smartcard_napi.node'), 'the addon loader is inlined').toBe(false);
    // Forge's defines: the built page is named, no dev server in a package.
    expect(code.includes('../renderer/main_window/index.html'), 'the page path').toBe(true);
    expect(/MAIN_WINDOW_VITE_(NAME|DEV_SERVER_URL)/.test(code), 'an undefined Forge constant').toBe(false);
    expect(code.includes('preload.js'), 'the preload path').toBe(true);
    // Nothing else is left to require() at run time: Node built-ins, Electron, the declared externals,
    // and chunks of this build beside main.js (main and the audit worker share some code).
    const externals = ['electron', 'smartcard', 'bufferutil', 'utf-8-validate'];
    const outside = (code: string) => requires(code).filter((n) => !n!.startsWith('node:') && !externals.includes(n!) && !builtinModules.includes(n!));
    for (const chunk of outside(code)) {
      expect(chunk, 'a package left to require at run time').toMatch(/^\.\/[\w.-]+\.js$/);
      const chunkCode = await readFile(join(out('main'), chunk!), 'utf8');
      expect(hasImportOrExport(chunkCode)).toBe(false);
      expect(outside(chunkCode).every((n) => /^\.\/[\w.-]+\.js$/.test(n!))).toBe(true);
    }
  });

  it('the audit worker is its own CommonJS file beside main.js (it runs in a worker thread)', async () => {
    const code = await readFile(join(out('main'), 'audit-worker.js'), 'utf8');
    expect(hasImportOrExport(code)).toBe(false);
    expect(code.includes('worker_threads'), 'it talks to main through worker_threads').toBe(true);
  });

  it('the renderer is the station page with its CSP, its scripts and its favicon', async () => {
    const html = await readFile(join(out('renderer'), 'index.html'), 'utf8');
    const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src.startsWith('./')).toBe(true); // file:// in the package: relative paths only
      expect(existsSync(join(out('renderer'), src))).toBe(true);
    }
    expect(await readFile(join(out('renderer'), 'icon.svg'), 'utf8')).toBe(await readFile(join(ROOT, 'assets/icon.svg'), 'utf8'));
    expect(existsSync(join(out('renderer'), 'web.html'))).toBe(false); // the web bridge is not in the desktop app
  });

  it('packaging copies the smartcard addon (not its sources) and the window icon next to the app', async () => {
    const buildPath = join(dir.path, 'package');
    const hook = forgeConfig.hooks?.packageAfterCopy;
    expect(hook).toBeTypeOf('function');
    await hook!(forgeConfig as never, buildPath, '45.6.1', 'linux', 'x64');
    const smartcard = join(buildPath, 'node_modules', 'smartcard');
    expect(JSON.parse(await readFile(join(smartcard, 'package.json'), 'utf8'))).toMatchObject({ name: 'smartcard', main: 'dist/lib/index.js' });
    expect(existsSync(join(smartcard, 'dist/lib/index.js'))).toBe(true);
    expect(await readdir(join(smartcard, 'build/Release'))).toEqual(['smartcard_napi.node']);
    expect(existsSync(join(smartcard, 'src'))).toBe(false);
    expect(existsSync(join(buildPath, 'assets/png/512x512.png'))).toBe(true);
  });

  it('the fuses turn off what a kiosk app never needs', () => {
    expect(plugin('fuses').fusesConfig).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
  });

  it('the packager and makers use the icons in assets/ (Windows, macOS, deb, Squirrel)', () => {
    const icon = forgeConfig.packagerConfig?.icon as string;
    expect(icon).toBe(join(ROOT, 'assets', 'icon'));
    expect(existsSync(`${icon}.ico`) && existsSync(`${icon}.icns`)).toBe(true);
    const makers = (forgeConfig.makers ?? []) as unknown as { name: string; configOrConfigFetcher: Record<string, unknown> }[];
    expect(makers.map((m) => m.name).sort()).toEqual(['deb', 'squirrel', 'zip']);
    const deb = makers.find((m) => m.name === 'deb')!.configOrConfigFetcher as { options: { icon: string } };
    expect(deb.options.icon).toBe(join(ROOT, 'assets/png/512x512.png'));
    const squirrel = makers.find((m) => m.name === 'squirrel')!.configOrConfigFetcher as { setupIcon: string };
    expect(squirrel.setupIcon).toBe(join(ROOT, 'assets/icon.ico'));
    for (const path of [deb.options.icon, squirrel.setupIcon]) expect(existsSync(path)).toBe(true);
  });
});
