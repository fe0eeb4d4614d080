/**
 * `npm run bench -- --instructions`: the goal shapes in instructions instead of wall time.
 *
 * Wall times on a shared machine move by several hundredths of the ratio from run to run; instruction
 * counts do not depend on the neighbours. Each variant runs once under valgrind's callgrind, with V8
 * single-threaded (`node --single-threaded`), so that the work V8 otherwise does on background threads
 * (optimizing compiler, garbage collector) is counted as well. The timed work of a variant is its whole
 * process less the same variant's process with no configuration (start, imports, mocks): what the timer
 * of the wall-time benchmark leaves out. Repeats to about 0.1%.
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
    /** Instructions of the whole process. */
    total: number;
    /** Instructions of the same variant's process with no configuration. */
    baseline: number;
    /** `total - baseline`: the work the wall-time benchmark times. */
    timed: number;
}

const COLLECTED = /Collected\s*:\s*(\d+)/;

/** True when valgrind can be run. */
export function hasValgrind(): boolean {
    const r = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
    return r.status === 0;
}

/** Runs one worker task under callgrind; returns the instructions of the whole process. */
async function callgrind(task: Task): Promise<number> {
    const { code, out, err } = await runProcess("valgrind", [
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        process.execPath,
        "--single-threaded",
        WORKER,
        JSON.stringify(task),
    ]);
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
 * (callgrind runs a process on one thread). `progress` is told of each finished count.
 */
export async function countInstructions(
    shapes: readonly InstructionShape[],
    variants: readonly Variant[],
    lib: string,
    progress: (text: string) => void,
): Promise<InstructionCount[]> {
    const parallel = Math.max(1, os.cpus().length);
    const baselineJobs = variants.map((variant) => async () => {
        const n = await callgrind({ kind: "run", variant, configs: 0, regions: 1, lib });
        progress(`  ${variant}, no configuration: ${(n / 1e9).toFixed(3)} G`);
        return n;
    });
    const runs = shapes.flatMap((shape) => variants.map((variant) => ({ shape, variant })));
    const runJobs = runs.map(({ shape, variant }) => async () => {
        const n = await callgrind({ kind: "run", variant, configs: shape.configs, regions: shape.regions, lib });
        progress(`  ${variant}, ${shape.configs} x ${shape.regions}: ${(n / 1e9).toFixed(3)} G`);
        return n;
    });
    const counts = await pooled<number>([...baselineJobs, ...runJobs], parallel);
    const baselines = new Map(variants.map((v, i) => [v, counts[i]]));
    return runs.map(({ shape, variant }, i) => {
        const total = counts[variants.length + i];
        const baseline = baselines.get(variant)!;
        return { ...shape, variant, total, baseline, timed: total - baseline };
    });
}

/** The table of instruction counts: timed work per variant and its ratio to hand-written. */
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
        const ratio = component !== undefined && hand !== undefined ? component.timed / hand.timed : undefined;
        const floor = shell !== undefined && hand !== undefined ? shell.timed / hand.timed : undefined;
        const goal =
            max === undefined || ratio === undefined
                ? ""
                : `<= ${max.toFixed(2)}: ${ratio <= max ? "met" : "MISSED"}` +
                  (floor === undefined ? "" : floor <= max ? "" : " (the empty component misses it too)");
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
