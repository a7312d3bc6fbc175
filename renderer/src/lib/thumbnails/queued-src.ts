/**
 * Svelte action: `<img use:queuedSrc={url}>` sets the image's src only when the image is near the
 * viewport and the thumbnail queue grants a slot, and gives the slot back on load, error or destroy.
 * An image destroyed while loading has its src cleared, which makes Chromium cancel the request
 * (tiles scrolled out of a virtualised grid must not hold connections).
 */
import { thumbnailQueue, type QueueTicket, type ThumbnailQueue } from './thumbnail-queue.js';

const NEAR_VIEWPORT = '300px';

export function queuedSrc(img: HTMLImageElement, url: string, queue: ThumbnailQueue = thumbnailQueue): { update(next: string): void; destroy(): void } {
  let current = url;
  let ticket: QueueTicket | null = null;
  let loading = false;

  const finish = (): void => {
    loading = false;
    ticket?.release();
    ticket = null;
  };
  const enqueue = (): void => {
    if (ticket) return;
    ticket = queue.request(() => {
      loading = true;
      img.src = current;
    });
  };
  const cancel = (): void => {
    if (loading) img.removeAttribute('src');
    finish();
  };

  img.addEventListener('load', finish);
  img.addEventListener('error', finish);
  const observer = new IntersectionObserver(
    (entries) => {
      const near = entries.some((e) => e.isIntersecting);
      if (near) enqueue();
      // Not started yet and scrolled away: leave the queue; one already loading may finish.
      else if (ticket && !loading) finish();
    },
    { rootMargin: NEAR_VIEWPORT },
  );
  observer.observe(img);

  return {
    update(next: string) {
      if (next === current) return;
      current = next;
      // Not cancel(): clearing src could fire an error the component takes for a broken photo;
      // setting the new src (once granted) replaces the old request anyway.
      finish();
      observer.unobserve(img);
      observer.observe(img);
    },
    destroy() {
      observer.disconnect();
      img.removeEventListener('load', finish);
      img.removeEventListener('error', finish);
      cancel();
    },
  };
}
