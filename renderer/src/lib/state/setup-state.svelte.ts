/**
 * Choosing photo folders and the model folder (first run, and later from the sidebar). Errors are
 * kept per form and put in words a person can act on.
 */
import type { DeviceChoiceDto, FolderDto, LibraryStatusDto } from '../../../../electron/contract/dto.js';
import { api, errorCode, errorMessage } from '../api.js';

const MODEL_HINTS: Record<string, string> = {
  MODEL_MISSING_FILE:
    'A model folder holds config.json, preprocessor_config.json, tokenizer.json and onnx/vision_model.onnx + onnx/text_model.onnx. Pick the folder that contains them.',
  MODEL_INVALID: 'The files are there but could not be read as a CLIP model. Download the model again, or pick another one.',
  PROVIDER_FAILED: 'The chosen device could not run the model. Try Device: CPU.',
};

export class SetupState {
  folderPath = $state('');
  folderError = $state<string | null>(null);
  addingFolder = $state(false);

  modelDir = $state('');
  device = $state<DeviceChoiceDto>('auto');
  modelError = $state<string | null>(null);
  modelHint = $state<string | null>(null);
  settingModel = $state(false);

  constructor(
    private readonly onFolders: (folders: FolderDto[]) => void,
    private readonly onStatus: (status: LibraryStatusDto) => void,
  ) {}

  /** Prefills the model form from what the library already uses. */
  prefill = (status: LibraryStatusDto): void => {
    if (status.model && !this.modelDir) {
      this.modelDir = status.model.dir;
      this.device = status.model.deviceChoice;
    }
  };

  addFolder = async (path = this.folderPath): Promise<void> => {
    const trimmed = path.trim();
    if (!trimmed) {
      this.folderError = 'Type the path of a folder with photos, for example /home/you/Pictures.';
      return;
    }
    this.addingFolder = true;
    this.folderError = null;
    try {
      this.onFolders(await api.addFolder(trimmed));
      this.folderPath = '';
    } catch (err) {
      this.folderError = errorMessage(err);
    } finally {
      this.addingFolder = false;
    }
  };

  /** Native picker, then adds the folder straight away. */
  pickAndAddFolder = async (): Promise<void> => {
    try {
      const picked = await api.pickFolder();
      if (picked) await this.addFolder(picked);
    } catch (err) {
      this.folderError = errorMessage(err);
    }
  };

  pickModelFolder = async (): Promise<void> => {
    try {
      const picked = await api.pickFolder();
      if (picked) this.modelDir = picked;
    } catch (err) {
      this.modelError = errorMessage(err);
    }
  };

  useModel = async (): Promise<boolean> => {
    const dir = this.modelDir.trim();
    if (!dir) {
      this.modelError = 'Type the path of a model folder.';
      this.modelHint = MODEL_HINTS.MODEL_MISSING_FILE ?? null;
      return false;
    }
    this.settingModel = true;
    this.modelError = null;
    this.modelHint = null;
    try {
      this.onStatus(await api.setModel({ dir, device: this.device }));
      return true;
    } catch (err) {
      this.modelError = errorMessage(err);
      this.modelHint = MODEL_HINTS[errorCode(err) ?? ''] ?? null;
      return false;
    } finally {
      this.settingModel = false;
    }
  };
}

