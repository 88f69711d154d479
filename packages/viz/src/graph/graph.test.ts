import { tensor, matmul, relu } from '@dl/autograd';
import { Linear, ReLU, Sequential } from '@dl/nn';
import { manualSeed, randn } from '@dl/tensor';
import { DOMParser } from 'linkedom';
import { beforeEach, describe, expect, it } from 'vitest';
import { toPng } from '../node/index.js';
import { pngInfo } from '../testing/index.js';
import { drawGraph, graphToDot, traceGraph } from './graph.js';

beforeEach(() => manualSeed(0));

function xyz() {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = tensor([4, 5, 6], { requiresGrad: true });
  const z = tensor([7, 8, 9], { requiresGrad: true });
  x.name = 'x';
  y.name = 'y';
  z.name = 'z';
  return { x, y, z, f: x.add(y).mul(z) };
}

const svgText = (svg: string, selector: string): string[] => {
  const document = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const elements = document.querySelectorAll(selector) as unknown as Iterable<{ textContent: string | null }>;
  return Array.from(elements, (element) => (element.textContent ?? '').trim());
};

describe('traceGraph', () => {
  it('walks f = (x + y) * z as torchviz does', () => {
    const { nodes, edges } = traceGraph(xyz().f);
    expect(nodes.map((node) => `${node.type}:${node.name}`)).toEqual([
      'output:output', 'op:MulBackward', 'op:AddBackward', 'leaf:z', 'leaf:x', 'leaf:y',
    ]);
    expect(edges).toHaveLength(5);
    expect(nodes.find((node) => node.name === 'MulBackward')?.savedShapes).toEqual([[3], [3], [3]]);
  });

  it('names Module parameters by their dotted names and leaves constants out', () => {
    const model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    const out = model.call(tensor(randn([5, 4])));
    const names = traceGraph(out, { params: model.namedParameters() }).nodes.filter((n) => n.type === 'leaf').map((n) => n.name);
    expect(names.sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
  });

  it('draws a 20,000-op chain without overflowing the stack', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20_000; i++) y = y.mul(1.0001);
    expect(traceGraph(y).nodes).toHaveLength(20_002);
  });

  it('throws ArgumentError for no outputs', () => {
    expect(() => traceGraph([])).toThrow(/drawGraph: no output tensors given/);
  });
});

describe('graphToDot', () => {
  it('labels ops, leaves with shapes and saved shapes', () => {
    const dot = graphToDot(xyz().f);
    expect(dot).toMatch(/^digraph autograd \{/);
    expect(dot).toContain('label="MulBackward\\nsaved: [3], [3], [3]"');
    expect(dot).toContain('label="x\\n[3]"');
    expect(graphToDot(xyz().f, { showSaved: false })).toContain('label="MulBackward"');
  });
});

describe('drawGraph', () => {
  it('renders SVG with one box per node and one arrow per edge', async () => {
    const svg = await drawGraph(xyz().f).toSVG();
    expect(svg.match(/class="node"/g)).toHaveLength(6);
    expect(svg.match(/class="edge"/g)).toHaveLength(5);
    const texts = svgText(svg, 'text');
    expect(texts).toEqual(expect.arrayContaining(['MulBackward', 'AddBackward', 'x', 'y', 'z', 'output']));
  });

  it('renders an MLP graph with parameter names to PNG', async () => {
    const w = tensor(randn([3, 2]), { requiresGrad: true });
    const h = relu(matmul(tensor(randn([4, 3])), w));
    const png = await toPng(drawGraph(h, { params: { 'fc.weight': w } }));
    const info = pngInfo(png);
    expect(info.width).toBeGreaterThan(100);
    expect(info.height).toBeGreaterThan(100);
  });
});
