import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { SetupState } = await import('../../../renderer/src/lib/state/setup-state.svelte.js');

describe('SetupState', () => {
  beforeEach(() => fake.reset());

  it('explains what to type when the folder path is empty, without calling the engine', async () => {
    const setup = new SetupState(vi.fn(), vi.fn());
    await setup.addFolder('   ');
    expect(setup.folderError).toMatch(/Type the path of a folder/);
    expect(fake.calls).toEqual([]);
  });

  it('adds the trimmed folder, hands over the new list and empties the field', async () => {
    const onFolders = vi.fn();
    const setup = new SetupState(onFolders, vi.fn());
    setup.folderPath = ' /home/me/Pictures ';
    await setup.addFolder();
    expect(onFolders).toHaveBeenCalledWith([{ path: '/home/me/Pictures', photos: 0, present: true }]);
    expect(setup.folderPath).toBe('');
    expect(setup.addingFolder).toBe(false);
  });

  it('keeps the typed path and shows the reason when the folder cannot be added', async () => {
    fake.handle('addFolder', async () => {
      throw apiError('FOLDER_NOT_FOUND', 'No folder at /nope');
    });
    const setup = new SetupState(vi.fn(), vi.fn());
    setup.folderPath = '/nope';
    await setup.addFolder();
    expect(setup.folderError).toBe('No folder at /nope');
    expect(setup.folderPath).toBe('/nope');
  });

  it('adds the picked folder straight away', async () => {
    fake.handle('pickFolder', async () => '/picked');
    const onFolders = vi.fn();
    await new SetupState(onFolders, vi.fn()).pickAndAddFolder();
    expect(fake.argsOf('addFolder')).toEqual([['/picked']]);
  });

  it('adds nothing when the picker is cancelled', async () => {
    await new SetupState(vi.fn(), vi.fn()).pickAndAddFolder();
    expect(fake.argsOf('addFolder')).toEqual([]);
  });

  it('names the files a model folder needs when the chosen one lacks some', async () => {
    fake.handle('setModel', async () => {
      throw apiError('MODEL_MISSING_FILE', 'The model folder has no onnx/text_model.onnx');
    });
    const setup = new SetupState(vi.fn(), vi.fn());
    setup.modelDir = '/models/empty';
    expect(await setup.useModel()).toBe(false);
    expect(setup.modelError).toBe('The model folder has no onnx/text_model.onnx');
    expect(setup.modelHint).toMatch(/config\.json, preprocessor_config\.json, tokenizer\.json/);
  });

  it('suggests the CPU when the chosen device cannot run the model', async () => {
    fake.handle('setModel', async () => {
      throw apiError('PROVIDER_FAILED', 'cuda: cannot initialise');
    });
    const setup = new SetupState(vi.fn(), vi.fn());
    setup.modelDir = '/models/clip';
    setup.device = 'gpu';
    await setup.useModel();
    expect(setup.modelHint).toMatch(/Device: CPU/);
  });

  it('sends the chosen device with the model folder', async () => {
    const onStatus = vi.fn();
    const setup = new SetupState(vi.fn(), onStatus);
    setup.modelDir = ' /models/clip ';
    setup.device = 'cpu';
    await setup.useModel();
    expect(fake.argsOf('setModel')).toEqual([[{ dir: '/models/clip', device: 'cpu' }]]);
    expect(onStatus).toHaveBeenCalledTimes(1);
  });
});
