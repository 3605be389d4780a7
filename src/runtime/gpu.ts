/**
 * The few WebGPU shapes the runtime touches, typed structurally so the room needs no
 * @webgpu/types dependency and tests can stand in for a browser's objects.
 */

export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

export interface GpuDeviceLostInfoLike {
  message: string;
  reason?: string;
}

export interface GpuDeviceLike {
  lost: Promise<GpuDeviceLostInfoLike>;
}

/**
 * `navigator.gpu` if this page exposes WebGPU.
 *
 * @example
 * navigatorGpu()?.requestAdapter();
 */
export function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? undefined;
}

/**
 * A short human name for an adapter, e.g. "nvidia ampere" or "google swiftshader".
 *
 * @example
 * adapterName({info: {vendor: 'google', architecture: 'swiftshader'}}); // 'google swiftshader'
 */
export function adapterName(adapter: GpuAdapterLike): string | null {
  const info = adapter.info;
  if (info === undefined) {
    return null;
  }
  const words = [info.vendor, info.architecture].filter((w): w is string => typeof w === 'string' && w !== '');
  if (words.length > 0) {
    return words.join(' ');
  }
  return info.description || info.device || null;
}
