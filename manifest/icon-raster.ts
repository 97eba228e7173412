import { PNG } from 'pngjs';

/** A tiny anti-aliased rasteriser, enough to draw the app's icons from geometry so they can be regenerated. */
export type Shape = (x: number, y: number) => boolean;
export interface Colour {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0…1 */
  readonly a: number;
}

export function hex(value: string, alpha = 1): Colour {
  const n = Number.parseInt(value.replace('#', ''), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255, a: alpha };
}

export function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + radius - x, 0, x - (x1 - radius));
    const dy = Math.max(y0 + radius - y, 0, y - (y1 - radius));
    return dx * dx + dy * dy <= radius * radius;
  };
}

export function circle(cx: number, cy: number, radius: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
}

/** A thick line with round ends: every point within halfWidth of the segment a–b. */
export function stroke(ax: number, ay: number, bx: number, by: number, halfWidth: number): Shape {
  const lx = bx - ax;
  const ly = by - ay;
  const length2 = lx * lx + ly * ly || 1;
  return (x, y) => {
    const t = Math.min(1, Math.max(0, ((x - ax) * lx + (y - ay) * ly) / length2));
    return (x - ax - t * lx) ** 2 + (y - ay - t * ly) ** 2 <= halfWidth * halfWidth;
  };
}

export function polyline(points: ReadonlyArray<readonly [number, number]>, halfWidth: number): Shape {
  const parts: Shape[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1];
    const b = points[i];
    if (a && b) parts.push(stroke(a[0], a[1], b[0], b[1], halfWidth));
  }
  return union(...parts);
}

/** Part of a ring between two angles in degrees, measured clockwise on screen from 3 o'clock. */
export function arc(cx: number, cy: number, inner: number, outer: number, fromDeg: number, toDeg: number): Shape {
  const span = (((toDeg - fromDeg) % 360) + 360) % 360;
  return (x, y) => {
    const d2 = (x - cx) ** 2 + (y - cy) ** 2;
    if (d2 < inner * inner || d2 > outer * outer) return false;
    const angle = (Math.atan2(y - cy, x - cx) * 180) / Math.PI;
    return (((angle - fromDeg) % 360) + 360) % 360 <= span;
  };
}

export function triangle(a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): Shape {
  const side = (p: readonly [number, number], q: readonly [number, number], x: number, y: number): number =>
    (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  return (x, y) => {
    const s1 = side(a, b, x, y);
    const s2 = side(b, c, x, y);
    const s3 = side(c, a, x, y);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
}

/** A clockwise loop arrow: an arc ending in an arrowhead pointing along the direction of travel. */
export function loopArrow(cx: number, cy: number, radius: number, thickness: number, fromDeg: number, toDeg: number): Shape {
  const end = (toDeg * Math.PI) / 180;
  const radial: [number, number] = [Math.cos(end), Math.sin(end)];
  const tangent: [number, number] = [-Math.sin(end), Math.cos(end)];
  const base: [number, number] = [cx + radius * radial[0], cy + radius * radial[1]];
  const wing = thickness * 1.25;
  const length = thickness * 1.6;
  const head = triangle(
    [base[0] + wing * radial[0], base[1] + wing * radial[1]],
    [base[0] - wing * radial[0], base[1] - wing * radial[1]],
    [base[0] + length * tangent[0], base[1] + length * tangent[1]],
  );
  return union(arc(cx, cy, radius - thickness / 2, radius + thickness / 2, fromDeg, toDeg), head);
}

export function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((shape) => shape(x, y));
}

export function minus(shape: Shape, hole: Shape): Shape {
  return (x, y) => shape(x, y) && !hole(x, y);
}

export class Raster {
  private readonly pixels: Float64Array;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly samples = 4,
  ) {
    this.pixels = new Float64Array(width * height * 4);
  }

  /** Paints the shape in the colour, each pixel weighted by how much of it the shape covers ("over" compositing). */
  fill(shape: Shape, colour: Colour): this {
    const n = this.samples;
    for (let py = 0; py < this.height; py += 1) {
      for (let px = 0; px < this.width; px += 1) {
        let inside = 0;
        for (let sy = 0; sy < n; sy += 1) {
          for (let sx = 0; sx < n; sx += 1) {
            if (shape(px + (sx + 0.5) / n, py + (sy + 0.5) / n)) inside += 1;
          }
        }
        if (inside > 0 && colour.a > 0) this.blend(px, py, colour, (colour.a * inside) / (n * n));
      }
    }
    return this;
  }

  private blend(px: number, py: number, colour: Colour, alpha: number): void {
    const i = (py * this.width + px) * 4;
    const p = this.pixels;
    const below = p[i + 3] ?? 0;
    const out = alpha + below * (1 - alpha);
    if (out <= 0) return;
    const mix = (src: number, dst: number): number => (src * alpha + dst * below * (1 - alpha)) / out;
    p[i] = mix(colour.r, p[i] ?? 0);
    p[i + 1] = mix(colour.g, p[i + 1] ?? 0);
    p[i + 2] = mix(colour.b, p[i + 2] ?? 0);
    p[i + 3] = out;
  }

  /** Encodes as RGBA PNG. Fully transparent pixels keep the colour `clear` so an outline icon stays white throughout. */
  toPng(clear: Colour = { r: 0, g: 0, b: 0, a: 0 }): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    for (let i = 0; i < this.width * this.height * 4; i += 4) {
      const alpha = this.pixels[i + 3] ?? 0;
      const opaque = alpha > 0;
      png.data[i] = Math.round(opaque ? (this.pixels[i] ?? 0) : clear.r);
      png.data[i + 1] = Math.round(opaque ? (this.pixels[i + 1] ?? 0) : clear.g);
      png.data[i + 2] = Math.round(opaque ? (this.pixels[i + 2] ?? 0) : clear.b);
      png.data[i + 3] = Math.round(alpha * 255);
    }
    return PNG.sync.write(png, { colorType: 6 });
  }
}
