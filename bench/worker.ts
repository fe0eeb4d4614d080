/**
 * One measurement, in a fresh `node` process. The orchestrator (bench/run.ts) transpiles this file to
 * JavaScript and runs it with plain `node`, so that no compiler is loaded in the measured process.
 *
 * Usage: node worker.js '<json task>'; prints one line `BENCH_RESULT <json>`.
 *
 * Tasks:
 * - `run`: register `configs` configurations of `regions` regions under Pulumi's mock runtime, either
 *   through the component (`variant: "component"`) or as hand-written `@pulumi/aws`
 *   `DistributionConfiguration`s (`variant: "hand"`). Everything is imported before the timer starts;
 *   the timer stops when every registration (and the component's `registerOutputs`) has completed.
 * - `import`: the cost of loading a module in a fresh process (`@pulumi/pulumi`, or the built package).
 * - `validate`: the throughput of validation alone (`validateArgs`, and `checkArgsView` on a prepared
 *   view), in fanned-out entries per second.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { componentArgs, handInputs, regionsFor, resourceName, validationArgs } from "./workload";

/** What the orchestrator asks for. */
export type Task =
    | {
          kind: "run";
          variant: Variant;
          configs: number;
          regions: number;
          lib: string;
          /** Return the inputs of every custom resource (for the parity check; not for timing). */
          dump?: boolean;
      }
    | { kind: "import"; module: ImportTarget; lib: string }
    | { kind: "validate"; configs: number; regions: number; reps: number; lib: string };

/**
 * What an `import` task loads: `@pulumi/pulumi` alone, the built package (which loads `@pulumi/pulumi`),
 * the package after `@pulumi/pulumi` (its own cost), or the provider submodule the backend loads.
 */
export type ImportTarget = "pulumi" | "lib" | "lib-after-pulumi" | "aws-imagebuilder";

/**
 * What registers the configurations: the component; the hand-written resources (the floor); or the
 * hand-written resources each inside an empty component that registers no outputs (the floor of any
 * component: what one extra component resource per configuration costs).
 */
export type Variant = "component" | "hand" | "shell";

/** The marker of the result line on stdout. */
export const RESULT_MARKER = "BENCH_RESULT ";

type Pulumi = typeof import("@pulumi/pulumi");

const MB = 1024 * 1024;

/** Peak resident set size of this process so far, in MB. */
function peakRssMb(): number {
    return (process.resourceUsage().maxRSS * 1024) / MB;
}

function emit(result: Record<string, unknown>): void {
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** Installs the mocks: a trivial newResource (inputs + arn) and getCallerIdentity. */
function installMocks(
    pulumi: Pulumi,
    onResource: (args: { type: string; name: string; custom?: boolean; inputs: Record<string, unknown> }) => void,
): void {
    void pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                onResource(args);
                const state: Record<string, unknown> = { ...args.inputs };
                if (args.custom) {
                    state.arn = `arn:aws:imagebuilder:us-east-1:999988887777:distribution-configuration/${args.name}`;
                }
                return { id: `${args.name}-id`, state };
            },
            call: (args) => {
                if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                    return {
                        accountId: "999988887777",
                        arn: "arn:aws:iam::999988887777:user/bench",
                        userId: "AIDBENCH",
                        id: "999988887777",
                    };
                }
                throw new Error(`unexpected invoke ${args.token}`);
            },
        },
        "bench",
        "dev",
        false,
    );
}

/** Waits until the runtime has no registration (or output registration) in flight. */
async function settled(pulumi: Pulumi): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    if (typeof runtime.waitForRPCs !== "function") {
        throw new Error("this @pulumi/pulumi has no runtime.waitForRPCs: adapt bench/worker.ts");
    }
    await runtime.waitForRPCs();
}

async function run(task: Extract<Task, { kind: "run" }>): Promise<void> {
    // Everything is loaded before the timer: Pulumi, the provider submodule, the package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as Pulumi;
    let registered = 0;
    const dumped: Record<string, unknown>[] = [];
    installMocks(pulumi, (args) => {
        registered++;
        if (task.dump && args.custom) {
            dumped.push({ name: args.name, type: args.type, inputs: args.inputs });
        }
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const imagebuilder = require("@pulumi/aws/imagebuilder") as typeof import("@pulumi/aws/imagebuilder");
    type Component = typeof import("../components").MultiRegionDistribution;
    let Component: Component | undefined;
    if (task.variant === "component") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        Component = (require(path.join(task.lib, "index.js")) as typeof import("../components"))
            .MultiRegionDistribution;
    }
    class Shell extends pulumi.ComponentResource {
        constructor(name: string, inputs: Record<string, unknown>) {
            super("bench:index:Shell", name, {}, {});
            new imagebuilder.DistributionConfiguration(name, inputs as never, { parent: this });
            this.registerOutputs({});
        }
    }
    const regions = regionsFor(task.regions);
    const rssBeforeMb = process.memoryUsage().rss / MB;

    const startUs = process.hrtime.bigint() / 1000n;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (Component !== undefined) {
        for (let i = 0; i < task.configs; i++) {
            new Component(resourceName(i), componentArgs(i, regions) as never);
        }
    } else if (task.variant === "shell") {
        for (let i = 0; i < task.configs; i++) {
            new Shell(resourceName(i), handInputs(i, regions));
        }
    } else {
        for (let i = 0; i < task.configs; i++) {
            new imagebuilder.DistributionConfiguration(resourceName(i), handInputs(i, regions) as never, {});
        }
    }
    const t1 = performance.now();
    await settled(pulumi);
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const endUs = process.hrtime.bigint() / 1000n;

    const expected = task.configs * (task.variant === "hand" ? 1 : 2);
    if (registered !== expected) {
        throw new Error(`expected ${expected} registrations, saw ${registered}`);
    }
    emit({
        kind: "run",
        variant: task.variant,
        configs: task.configs,
        regions: task.regions,
        wallMs: t2 - t0,
        constructMs: t1 - t0,
        // CPU time of all threads (JavaScript, GC helpers): less sensitive than wall time to other
        // processes on a shared machine.
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakRssMb: peakRssMb(),
        rssBeforeMb,
        registrations: registered,
        // The timed section on the monotonic clock in µs, the clock of `node --cpu-prof`'s samples.
        windowUs: [Number(startUs), Number(endUs)],
        ...(task.dump ? { resources: dumped } : {}),
    });
}

function importCost(task: Extract<Task, { kind: "import" }>): void {
    if (task.module === "lib-after-pulumi") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("@pulumi/pulumi");
    }
    const id =
        task.module === "pulumi"
            ? "@pulumi/pulumi"
            : task.module === "aws-imagebuilder"
              ? "@pulumi/aws/imagebuilder"
              : path.join(task.lib, "index.js");
    const rssBefore = process.memoryUsage().rss / MB;
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(id);
    const ms = performance.now() - t0;
    emit({ kind: "import", module: task.module, ms, rssMb: process.memoryUsage().rss / MB, rssBeforeMb: rssBefore });
}

function validate(task: Extract<Task, { kind: "validate" }>): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.join(task.lib, "index.js")) as typeof import("../components");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mrd = require(path.join(task.lib, "distribution", "multiRegionDistribution.js")) as {
        checkArgsView(view: unknown): { problems: unknown[] };
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const values = require(path.join(task.lib, "distribution", "values.js")) as { snapshot(v: unknown): unknown };
    const all = validationArgs(task.configs, task.regions);
    const views = all.map((a) => values.snapshot(a));
    const entries = task.configs * task.regions;

    const timeIt = (body: () => void): number[] => {
        const times: number[] = [];
        for (let r = 0; r < task.reps; r++) {
            const t0 = performance.now();
            body();
            times.push(performance.now() - t0);
        }
        return times;
    };
    const full = timeIt(() => {
        for (let i = 0; i < all.length; i++) {
            lib.validateArgs(resourceName(i), all[i] as never);
        }
    });
    const view = timeIt(() => {
        for (const v of views) {
            if (mrd.checkArgsView(v).problems.length > 0) {
                throw new Error("the validation workload must be valid");
            }
        }
    });
    emit({ kind: "validate", entries, validateArgsMs: full, checkArgsViewMs: view });
}

async function main(): Promise<void> {
    const task = JSON.parse(process.argv[2] ?? "{}") as Task;
    switch (task.kind) {
        case "run":
            return run(task);
        case "import":
            return importCost(task);
        case "validate":
            return validate(task);
        default:
            throw new Error(`unknown task ${process.argv[2]}`);
    }
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
