// A folder that stands in for the site bucket (`npm run build:site -- --out DIR`).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SiteBucket } from './ports';

export function folderBucket(root: string): SiteBucket {
  const base = resolve(root);
  return {
    async put(file) {
      const target = resolve(join(base, file.path));
      if (!target.startsWith(`${base}/`)) throw new Error(`Refusing to write outside ${base}: ${file.path}`);
      await mkdir(dirname(target), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const temp = `${target}.${process.pid}.tmp`;
      await writeFile(temp, file.body);
      await rename(temp, target);
    },
  };
}
