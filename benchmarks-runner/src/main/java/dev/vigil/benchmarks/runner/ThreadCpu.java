package dev.vigil.benchmarks.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM's own threads by kind (and of another process), from {@code /proc/self/task/<tid>/stat} (Linux): the JIT
 * compiler threads and the garbage collector's threads, which a Java profiler's samples do not show. The
 * rest of a phase's process CPU time is the application's threads.
 *
 * <p>A thread that ends between two readings takes its time with it (the JVM stops idle compiler threads),
 * so a difference of two readings can miss some JIT time; it is a lower bound. Clock ticks of the kernel
 * ({@code USER_HZ}, 100 per second on Linux): 10 ms resolution per thread.
 *
 * <p>Thread-safe (stateless); each call lists the process' threads, O(threads).
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** Clock ticks (user + system) of the live JIT compiler threads [0] and GC threads [1]. */
    static long[] byKind() throws IOException {
        long[] ticks = new long[2];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                // "tid (comm) state ..." where comm may hold spaces; utime and stime are fields 14 and 15.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                int kind = kind(comm);
                if (kind >= 0) {
                    ticks[kind] += t;
                }
            }
        }
        return ticks;
    }

    /** Clock ticks (user + system) of process {@code pid} so far, -1 when {@code pid} is 0 or gone. */
    static long ofProcess(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return -1;
        }
    }

    /** 0 for a JIT compiler thread, 1 for a GC thread, -1 for the others (HotSpot's thread names). */
    static int kind(String comm) {
        if (comm.contains("CompilerThre")) {
            return 0;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return 1;
        }
        return -1;
    }

    static double seconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }
}
