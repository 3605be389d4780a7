/**
 * What every netlens widget model shares: its module identity, the traits it starts with, and
 * how it reports the tfjs backend and errors back to Python.
 */
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';

import { onBackendChange, type BackendInfo } from '../../runtime/backend';
import type { PayloadKind } from '../../transport/types';
import { MODULE_NAME, MODULE_VERSION } from '../../version';
import { registerModel } from './debug-hook';
import { startEngine } from './engine';
import { errorText } from './messages';
import { PayloadChannel } from './payload-channel';

export abstract class NetlensModel extends DOMWidgetModel {
  static model_module = MODULE_NAME;
  static model_module_version = MODULE_VERSION;
  static view_module = MODULE_NAME;
  static view_module_version = MODULE_VERSION;
  static serializers: ISerializers = { ...DOMWidgetModel.serializers };

  // Declared, set in connect(): Backbone calls initialize() inside its constructor, before
  // field initializers would run.
  protected declare channel: PayloadChannel | null;
  private declare unsubscribeBackend: (() => void) | null;

  /** A payload from the kernel arrived whole (docs/transport.md). */
  protected abstract onPayload(name: string, kind: PayloadKind, bytes: Uint8Array, ev: { ms?: number; crc32?: number | null }): void;

  /** The page's backend was chosen, or moved (a lost GPU device): both are handled alike. */
  protected abstract adoptBackend(info: BackendInfo): void;

  /**
   * Registers the model with the debug hook, opens its payload channel, follows the page's tfjs
   * backend, and starts the engine (returned). Call from initialize(), then `channel.ready()`
   * once the model's own listeners are set.
   */
  protected connect(): Promise<BackendInfo> {
    registerModel(this);
    this.channel = new PayloadChannel(this);
    this.on('nl:payload', this.onPayload, this);
    this.on('nl:error', (message: string) => this.reportError(message), this);
    this.unsubscribeBackend = onBackendChange(info => this.adoptBackend(info));
    const engine = startEngine();
    engine.then(info => this.adoptBackend(info)).catch(err => this.reportError(errorText(err)));
    return engine;
  }

  close(comm_closed?: boolean): Promise<void> {
    this.dispose();
    return super.close(comm_closed);
  }

  /** Frees what the model holds; subclasses free their own and call this. */
  dispose(): void {
    this.channel?.dispose();
    this.channel = null;
    this.unsubscribeBackend?.();
    this.unsubscribeBackend = null;
  }

  /** Identity traits (model/view names and module) plus the backend and error reports. */
  protected static identity(modelName: string, viewName: string): Record<string, unknown> {
    return {
      _model_name: modelName,
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: viewName,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      backend: '',
      backend_reason: '',
      error: ''
    };
  }

  /** Tells Python which backend computes and why faster ones were skipped; views redraw on 'nl:backend'. */
  protected reportBackend(info: BackendInfo): void {
    this.set('backend', info.name);
    this.set('backend_reason', info.fallbacks.map(f => `${f.backend}: ${f.reason}`).join('; '));
    this.save_changes();
    this.trigger('nl:backend', info);
  }

  /** Shows an error in every view (the cell output) and tells Python. */
  reportError(message: string, extra: Record<string, unknown> = {}): void {
    this.set({ error: message, ...extra });
    this.save_changes();
    this.trigger('nl:failed', message);
  }
}
