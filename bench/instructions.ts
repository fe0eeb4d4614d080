/**
 * `npm run bench -- --instructions`: the goal shapes in instructions instead of wall time.
 *
 * Wall times on a shared machine move by several hundredths of the ratio from run to run; instruction
 * counts depend on the neighbours far less. Each variant runs under valgrind's callgrind, with V8
 * single-threaded (`node --single-threaded`), so that the work V8 otherwise does on background threads
 * (optimizing compiler, garbage collector) is counted as well. The timed work of a variant is its whole
 * process less the same variant's process with no configuration (start, imports, mocks): what the timer
 * of the wall-time benchmark leaves out.
 *
 * V8 seeds its hash tables and `Math.random` at random, and Linux places the process at a random address.
 * Each round of counts runs V8 with one seed (`--random-seed`, `--hash-seed`, `--predictable`) and, where
 * `setarch` is installed, without address randomization: two counts of one seed started side by side
 * agree to within 0.01%. The mock runtime's timers still follow the wall clock, so on a machine under
 * other load a count moves by up to 4% from one run to the next, and the component's ratio to the empty
 * component by about 0.015: rounds use seeds 1, 2, 3 and the medians are compared.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import { WORKER, alignedTable, resultOf, runProcess } from "./common";
import type { Task, Variant } from "./worker";

/** One shape: configurations x regions. */
export interface InstructionShape {
    configs: number;
    regions: number;
}

/** The instruction counts of one variant at one shape. */
export interface InstructionCount extends InstructionShape {
    variant: Variant;
    /** Instructions of the whole process (the median of `samples`). */
    total: number;
    /** Instructions of the same variant's process with no configuration (a median too). */
    baseline: number;
    /** `total - baseline`: the work the wall-time benchmark times. */
    timed: number;
    /** Every count of the whole process. */
    samples: number[];
}

const COLLECTED = /Collected\s*:\s*(\d+)/;

/** True when valgrind can be run. */
export function hasValgrind(): boolean {
    const r = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
    return r.status === 0;
}

/** True when `setarch` can run a process without address randomization. */
function hasSetarch(): boolean {
    return spawnSync("setarch", ["-R", "true"]).status === 0;
}

/** Runs one worker task under callgrind with V8 seeded by `seed`; returns the instructions of the whole process. */
async function callgrind(task: Task, seed: number, fixedAddresses: boolean): Promise<number> {
    const v8 = ["--single-threaded", "--predictable", `--random-seed=${seed}`, `--hash-seed=${seed}`];
    const command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, ...v8];
    const argv = [...(fixedAddresses ? ["setarch", "-R"] : []), ...command, WORKER, JSON.stringify(task)];
    const { code, out, err } = await runProcess(argv[0], argv.slice(1));
    const m = COLLECTED.exec(err);
    if (code !== 0 || m === null || resultOf(out) === undefined) {
        throw new Error(`callgrind of ${JSON.stringify(task)} failed (exit ${code}):\n${err.slice(-2000)}`);
    }
    return Number(m[1]);
}

/** Runs `jobs` with at most `parallel` at a time, keeping their order in the result. */
async function pooled<T>(jobs: (() => Promise<T>)[], parallel: number): Promise<T[]> {
    const results: T[] = new Array<T>(jobs.length);
    let next = 0;
    const lane = async (): Promise<void> => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, jobs.length)) }, lane));
    return results;
}

/**
 * Counts the instructions of every variant at every shape, one callgrind process per core at a time
 * (callgrind runs a process on one thread), `repeat` rounds with seeds 1 to `repeat`. `progress` is told
 * of each finished count.
 */
export async function countInstructions(
    shapes: readonly InstructionShape[],
    variants: readonly Variant[],
    lib: string,
    progress: (text: string) => void,
    repeat = 1,
): Promise<InstructionCount[]> {
    const parallel = Math.max(1, os.cpus().length);
    const fixedAddresses = hasSetarch();
    const count = (variant: Variant, configs: number, regions: number, seed: number) => async () => {
        const n = await callgrind({ kind: "run", variant, configs, regions, lib }, seed, fixedAddresses);
        const shape = configs === 0 ? "no configuration" : `${configs} x ${regions}`;
        progress(`  ${variant}, ${shape}, seed ${seed}: ${(n / 1e9).toFixed(3)} G`);
        return n;
    };
    const runs = shapes.flatMap((shape) => variants.map((variant) => ({ shape, variant })));
    // Each round counts every baseline and every run once; the medians over the rounds are kept.
    const round = (seed: number) => [
        ...variants.map((variant) => count(variant, 0, 1, seed)),
        ...runs.map(({ shape, variant }) => count(variant, shape.configs, shape.regions, seed)),
    ];
    const perRound = variants.length + runs.length;
    const jobs = Array.from({ length: Math.max(1, repeat) }, (_, i) => round(i + 1)).flat();
    const counts = await pooled<number>(jobs, parallel);
    const samplesOf = (j: number) => counts.filter((_, k) => k % perRound === j);
    return runs.map(({ shape, variant }, i) => {
        const samples = samplesOf(variants.length + i);
        const total = median(samples);
        const baseline = median(samplesOf(variants.indexOf(variant)));
        return { ...shape, variant, total, baseline, timed: total - baseline, samples };
    });
}

/** The median of counts (the mean of the middle two for an even number). */
function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

/** The table of instruction counts: timed work per variant, its ratio to hand-written, and the component's to the empty component. */
export function instructionTable(
    counts: readonly InstructionCount[],
    goalFor: (shape: InstructionShape) => number | undefined,
): string {
    const shapes = [...new Map(counts.map((c) => [`${c.configs}x${c.regions}`, c])).values()];
    const header = ["shape", "hand G", "empty G", "empty x", "comp G", "comp x", "comp / empty", "goal"];
    const body = shapes.map((s) => {
        const of = (v: Variant) =>
            counts.find((c) => c.configs === s.configs && c.regions === s.regions && c.variant === v);
        const hand = of("hand");
        const shell = of("shell");
        const component = of("component");
        const g = (c: InstructionCount | undefined) => (c === undefined ? "-" : (c.timed / 1e9).toFixed(2));
        const x = (c: InstructionCount | undefined) =>
            c === undefined || hand === undefined ? "-" : (c.timed / hand.timed).toFixed(3);
        const max = goalFor(s);
        // The goal is the component's ratio to the empty component: the work of the component itself.
        const ratio = component !== undefined && shell !== undefined ? component.timed / shell.timed : undefined;
        const goal =
            max === undefined || ratio === undefined ? "" : `<= ${max.toFixed(2)}: ${ratio <= max ? "met" : "MISSED"}`;
        return [
            `${s.configs} x ${s.regions}`,
            g(hand),
            g(shell),
            x(shell),
            g(component),
            x(component),
            component !== undefined && shell !== undefined ? (component.timed / shell.timed).toFixed(3) : "-",
            goal,
        ];
    });
    return alignedTable(header, body);
}
