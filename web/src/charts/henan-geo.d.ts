/** Henan's map shapes, served by the Vite plugin in web/henan-geo.ts from maintained packages. */
declare module 'virtual:henan-geo' {
  export interface GeoCollection {
    type: 'FeatureCollection';
    features: { properties: { name: string; base: string; direct: boolean } }[];
  }
  export function loadProvince(): Promise<GeoCollection>;
  export function hasCity(code: string): boolean;
  export function loadCity(code: string): Promise<GeoCollection>;
}
