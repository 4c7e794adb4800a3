import { readFileSync } from 'fs';
import { performance } from 'perf_hooks';
import { App, AssetStaging } from 'aws-cdk-lib';
import { buildStack, STACK_NAME, StackShape, Variant } from './stacks';
import { median, round } from './stats';
import { makeTempDir, removeTempDir } from './temp-dirs';

/**
 * Synth cost of PackageAssociation against bare custom resources of the same shape: wall time of
 * building and synthesizing the app, and what lands in the template.
 */

export const SYNTH_SHAPES: readonly StackShape[] = [
  { associations: 1, domains: 1 },
  { associations: 10, domains: 1 },
  { associations: 100, domains: 10 },
];

/** What one synthesized template holds. */
export interface TemplateFacts {
  readonly templateBytes: number;
  readonly resources: number;
  readonly lambdaFunctions: number;
  readonly outputs: number;
}

export interface SynthVariantResult extends TemplateFacts {
  readonly medianMs: number;
  readonly samplesMs: number[];
}

export interface SynthShapeResult extends StackShape {
  readonly construct: SynthVariantResult;
  readonly bare: SynthVariantResult;
}

export interface SynthResult {
  readonly repetitions: number;
  readonly shapes: SynthShapeResult[];
  /** What the first association adds over a bare resource: the per-stack provider. */
  readonly firstAssociation: { readonly resources: number; readonly lambdaFunctions: number; readonly templateBytes: number };
  /** What each association after the first adds, from the 1- and 100-association stacks. */
  readonly perFurtherAssociation: {
    readonly resources: number;
    readonly lambdaFunctions: number;
    readonly templateBytes: number;
    readonly bareTemplateBytes: number;
  };
}

interface Sample extends TemplateFacts {
  readonly ms: number;
}

function synthOnce(variant: Variant, shape: StackShape): Sample {
  const outdir = makeTempDir('synth');
  try {
    // Each `cdk synth` is a new process that fingerprints the assets again; don't let a warm cache hide it.
    AssetStaging.clearAssetHashCache();
    const started = performance.now();
    const app = new App({ outdir });
    buildStack(app, variant, shape);
    const assembly = app.synth();
    const ms = performance.now() - started;
    return { ms, ...templateFacts(readFileSync(assembly.getStackByName(STACK_NAME).templateFullPath, 'utf-8')) };
  } finally {
    removeTempDir(outdir);
  }
}

function templateFacts(text: string): TemplateFacts {
  const template = JSON.parse(text);
  const resources = Object.values<{ Type: string }>(template.Resources ?? {});
  return {
    templateBytes: Buffer.byteLength(text),
    resources: resources.length,
    lambdaFunctions: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
    outputs: Object.keys(template.Outputs ?? {}).length,
  };
}

/** `repetitions` timed rounds after one untimed warm-up; both variants alternate within every round. */
export function runSynthBench(repetitions: number, progress: (line: string) => void): SynthResult {
  for (const shape of SYNTH_SHAPES) {
    synthOnce('construct', shape); // warm-up: module loading and JIT compile, paid once per process
    synthOnce('bare', shape);
  }

  const samples = new Map<string, Sample[]>();
  const key = (variant: Variant, shape: StackShape) => `${variant}/${shape.associations}`;
  for (let pass = 0; pass < repetitions; pass++) {
    for (const shape of SYNTH_SHAPES) {
      // Swap who goes first each round so neither variant always follows the other's garbage.
      const order: Variant[] = pass % 2 === 0 ? ['construct', 'bare'] : ['bare', 'construct'];
      for (const variant of order) {
        const list = samples.get(key(variant, shape)) ?? [];
        list.push(synthOnce(variant, shape));
        samples.set(key(variant, shape), list);
      }
    }
    progress(`synth round ${pass + 1}/${repetitions}`);
  }

  const summarize = (variant: Variant, shape: StackShape): SynthVariantResult => {
    const list = samples.get(key(variant, shape))!;
    const { ms: _ms, ...facts } = list[list.length - 1];
    return { ...facts, medianMs: round(median(list.map((s) => s.ms))), samplesMs: list.map((s) => round(s.ms)) };
  };
  const shapes = SYNTH_SHAPES.map((shape) => ({ ...shape, construct: summarize('construct', shape), bare: summarize('bare', shape) }));

  const one = shapes[0];
  const many = shapes[shapes.length - 1];
  const further = many.associations - one.associations;
  return {
    repetitions,
    shapes,
    firstAssociation: {
      resources: one.construct.resources - one.bare.resources,
      lambdaFunctions: one.construct.lambdaFunctions - one.bare.lambdaFunctions,
      templateBytes: one.construct.templateBytes - one.bare.templateBytes,
    },
    perFurtherAssociation: {
      resources: round((many.construct.resources - one.construct.resources) / further, 2),
      lambdaFunctions: round((many.construct.lambdaFunctions - one.construct.lambdaFunctions) / further, 2),
      templateBytes: round((many.construct.templateBytes - one.construct.templateBytes) / further, 0),
      bareTemplateBytes: round((many.bare.templateBytes - one.bare.templateBytes) / further, 0),
    },
  };
}
