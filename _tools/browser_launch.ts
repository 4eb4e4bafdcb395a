// Copyright 2026 the @x/jose authors. MIT license.
// puppeteer-core's types speak of the DOM.
/// <reference lib="dom" />
/**
 * Starts the system's browsers for the tasks that drive them (`deno task
 * test:web`, `deno task bench:web`), the one way both need:
 *
 * - headless, through puppeteer-core: Chromium over CDP, Firefox over
 *   WebDriver BiDi;
 * - with its profile, home and temporary files in the task's own folder,
 *   which the task removes with {@linkcode removeTree} once the browser is
 *   closed (puppeteer's own temporary profile is removed by puppeteer as the
 *   browser exits, in a race with a task stopped by a signal: ENOTEMPTY,
 *   thrown where no one catches it);
 * - with none of puppeteer's signal handlers: on SIGINT puppeteer kills the
 *   browser and exits at once, before the task's own `onStop()` can close
 *   its server and remove its folder;
 * - Chromium without the background connections that this closed network
 *   refuses.
 *
 * @example
 * ```ts ignore
 * const home = await Deno.makeTempDir();
 * const browser = await launchBrowser("firefox", "/usr/bin/firefox-esr", home);
 * await browser.close();
 * await removeTree(home);
 * ```
 *
 * @module
 */
import puppeteer, {
  type Browser,
  type LaunchOptions,
} from "npm:puppeteer-core@24.43.1";

/** The browsers the tasks drive, by puppeteer's names. */
export type BrowserKind = "chrome" | "firefox";

/** What a task may add to the launch: more Chromium flags, Firefox prefs. */
export type LaunchExtras = Pick<LaunchOptions, "args" | "extraPrefsFirefox">;

/** Starts `executablePath`, a browser of `kind`, living in `home`. */
export async function launchBrowser(
  kind: BrowserKind,
  executablePath: string,
  home: string,
  { args = [], extraPrefsFirefox }: LaunchExtras = {},
): Promise<Browser> {
  return await puppeteer.launch({
    browser: kind,
    executablePath,
    headless: true,
    defaultViewport: null,
    userDataDir: await Deno.makeTempDir({ dir: home, prefix: kind }),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: kind === "chrome"
      ? [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        ...args,
      ]
      : args,
    ...(extraPrefsFirefox ? { extraPrefsFirefox } : {}),
    env: { ...Deno.env.toObject(), HOME: home, TMPDIR: home },
  });
}

/**
 * Removes the folder `path` and all in it, or finds it gone. A browser's last
 * child processes may still be writing to its profile for a moment after the
 * browser has closed, so a folder not yet empty is tried again, for up to
 * 2 s.
 */
export async function removeTree(path: string): Promise<void> {
  for (let tries = 1;; tries++) {
    try {
      await Deno.remove(path, { recursive: true });
      return;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      if (tries === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
