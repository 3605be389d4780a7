/**
 * widgets: the only room that knows ipywidgets. Each widget is a model (state, data,
 * compute) in model.ts and a view (DOM) in view.ts, wired to transport, runtime,
 * methods and views.
 */
export { TensorViewModel } from './tensor-view/model';
export { TensorViewView } from './tensor-view/view';
export { ModelViewModel } from './model-view/model';
export { ModelViewView } from './model-view/view';
export { AttributionModel } from './attribution/model';
export { AttributionView } from './attribution/view';
export { LossLandscapeModel } from './landscape/model';
export { LossLandscapeView } from './landscape/view';
export { AttentionViewModel } from './attention/model';
export { AttentionViewView } from './attention/view';
export { HiddenStateViewModel } from './hidden/model';
export { HiddenStateViewView } from './hidden/view';
