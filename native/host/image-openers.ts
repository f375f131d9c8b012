import type { ImageOpeners } from './host-session.js';
import { ImageShadowSource } from './image-shadow-source.js';

/**
 * The real image reader (native/image, over libyal) behind the host session. It is imported on the
 * first openImage only: a host that never opens an image never loads it nor the libyal libraries.
 */
export function imageOpeners(): ImageOpeners {
  return {
    open: async (path) => (await import('../image/disk-image.js')).openDiskImage(path),
    source: (image, machine) => new ImageShadowSource(image, machine),
  };
}
