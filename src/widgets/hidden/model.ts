/**
 * HiddenStateView model: the window of states on screen (payload `window:<id>`, [w, d] + its start);
 * the corpus, selection and matching stay in the kernel. A payload for an older window is dropped.
 */
import type { BackendInfo } from '../../runtime/backend';
import { decodeTensors } from '../../transport/arrow';
import type { PayloadKind } from '../../transport/types';
import type { StatesWindow } from '../../views/hidden';
import { NetlensModel } from '../shared/base-model';
import { errorText } from '../shared/messages';

export class HiddenStateViewModel extends NetlensModel {
  static model_name = 'HiddenStateViewModel';
  static view_name = 'HiddenStateViewView';

  declare win: StatesWindow | null;

  defaults() {
    return {
      ...super.defaults(),
      ...NetlensModel.identity(HiddenStateViewModel.model_name, HiddenStateViewModel.view_name),
      shape: [],
      value_range: [-1, 1],
      tracks: [],
      start: 0,
      window: 120,
      window_tokens: [],
      window_tracks: {},
      window_id: 0,
      threshold: 0.3,
      selection: [],
      min_units: 0,
      selected_units: [],
      matches: [],
      units_shown: [],
      title: ''
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.win = null;
    this.connect().catch(() => undefined);
    this.channel!.ready();
  }

  dispose(): void {
    super.dispose();
    this.win = null;
  }

  protected onPayload(name: string, kind: PayloadKind, bytes: Uint8Array): void {
    if (!name.startsWith('window:') || kind !== 'tensors' || Number(name.slice(7)) !== Number(this.get('window_id'))) {
      return;
    }
    try {
      const t = decodeTensors(bytes);
      const states = t.get('states')!;
      const [w, d] = states.shape;
      this.win = {
        states: states.data as Float32Array,
        w,
        d,
        start: Number((t.get('start')!.data as Int32Array)[0]),
        tokens: this.get('window_tokens'),
        tracks: this.get('window_tracks')
      };
      this.trigger('nl:data');
    } catch (err) {
      this.reportError(errorText(err));
    }
  }

  protected adoptBackend(info: BackendInfo): void {
    this.reportBackend(info);
  }
}
