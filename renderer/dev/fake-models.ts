/**
 * Dev harness only (never imported by src/): the model manager of the demo library. A small
 * catalog, nothing installed at first, and downloads that make progress on a timer (about 6 s),
 * so the Models page and the first-run screen can be built against moving numbers.
 */
import type { RecollectApi, RecollectBridge } from '../../electron/contract/api.js';
import type { CatalogModelDto, ModelDownloadJobDto } from '../../electron/contract/model-manager-dto.js';

type ModelMethods = Pick<RecollectApi, 'listModels' | 'startModelDownload' | 'cancelModelDownload' | 'getModelDownload' | 'removeModel' | 'importModelFolder'> &
  Pick<RecollectBridge, 'onModelDownloadProgress'>;

const CATALOG: CatalogModelDto[] = [
  { id: 'clip-vit-base-patch32', name: 'CLIP ViT-B/32', repo: 'Xenova/clip-vit-base-patch32', revision: 'main', verified: false, dim: 512, languages: ['en'], license: 'MIT', speed: 'fast', quality: 'good', pickWhen: 'The recommended start: fast on any computer, English queries.', bytes: { fp32: 608_000_000, quantized: 156_000_000 }, recommended: true, state: 'available' },
  { id: 'chinese-clip-vit-base-patch16', name: 'Chinese-CLIP ViT-B/16', repo: 'Xenova/chinese-clip-vit-base-patch16', revision: 'main', verified: false, dim: 512, languages: ['zh', 'en'], license: 'MIT', speed: 'medium', quality: 'better', pickWhen: 'Queries in Chinese (mixed Chinese and English works too).', bytes: { fp32: 754_000_000, quantized: 191_000_000 }, recommended: false, state: 'available' },
];

export function createFakeModels(): ModelMethods {
  const listeners = new Set<(job: ModelDownloadJobDto) => void>();
  const jobs = new Map<string, ModelDownloadJobDto>();
  const timers = new Map<string, ReturnType<typeof setInterval>>();
  const installed = new Set<string>();
  const emit = (job: ModelDownloadJobDto) => listeners.forEach((l) => l({ ...job }));

  return {
    listModels: async () => ({
      modelsDir: '/home/you/.config/Recollect/models',
      catalog: CATALOG.map((m) => ({ ...m, state: installed.has(m.id) ? 'installed' : 'available' })),
      installed: [...installed].map((id) => ({ id, dir: `/home/you/.config/Recollect/models/${id}`, catalogId: id, source: 'hub', origin: CATALOG.find((m) => m.id === id)?.repo ?? id, revision: 'main', commit: null, installedAt: new Date().toISOString(), bytesOnDisk: 608_000_000, variants: { fp32: true, quantized: false }, vectors: { fp32: 0, quantized: null }, active: false, pending: false })),
      downloads: [...jobs.values()],
    }),
    async startModelDownload(request) {
      const entry = CATALOG.find((m) => m.id === request.id || m.repo === request.repo) ?? CATALOG[0];
      if (!entry) throw new Error('empty demo catalog');
      const total = request.quantized ? (entry.bytes.quantized ?? entry.bytes.fp32) : entry.bytes.fp32;
      const job: ModelDownloadJobDto = { jobId: `demo-${Date.now()}`, id: entry.id, repo: entry.repo, revision: 'main', quantized: request.quantized ?? false, state: 'running', file: 'onnx/vision_model.onnx', fileIndex: 6, files: 7, bytesDone: 0, bytesTotal: total, bytesPerSecond: total / 6, etaSeconds: 6, dir: null, error: null, startedAt: Date.now() };
      jobs.set(job.jobId, job);
      const timer = setInterval(() => {
        const bytesDone = Math.min(total, job.bytesDone + total / 30);
        const done = bytesDone >= total;
        Object.assign(job, { bytesDone, etaSeconds: (total - bytesDone) / job.bytesPerSecond, ...(done ? { state: 'done', dir: `/home/you/.config/Recollect/models/${entry.id}`, file: null } : {}) });
        if (done) {
          clearInterval(timer);
          installed.add(entry.id);
        }
        emit(job);
      }, 200);
      timers.set(job.jobId, timer);
      return { ...job };
    },
    async cancelModelDownload(jobId) {
      const job = jobs.get(jobId);
      clearInterval(timers.get(jobId));
      if (job && job.state === 'running') Object.assign(job, { state: 'cancelled' });
      if (job) emit(job);
      return job ? { ...job } : null;
    },
    getModelDownload: async (jobId) => {
      const job = jobs.get(jobId);
      return job ? { ...job } : null;
    },
    async removeModel({ id }) {
      installed.delete(id);
      return { id, dir: `/home/you/.config/Recollect/models/${id}`, bytesFreed: 608_000_000, vectorsRemoved: 0, vectorsKept: 0 };
    },
    importModelFolder: async (path) => ({ id: path.split('/').pop() ?? 'model', dir: `/home/you/.config/Recollect/models/${path.split('/').pop() ?? 'model'}`, files: [] }),
    onModelDownloadProgress: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
}
