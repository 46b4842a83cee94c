package org.transferlab.worker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Which records of a partitioned queue may start now: records of one partition strictly in order, one
 * at a time; at most {@code concurrency} partitions at once, not counting jobs waiting out a retry
 * back-off. Plain logic with no consumer: the caller pauses a partition when {@link #add} says it
 * holds work and resumes it when {@link #finished} says it is drained. Not thread-safe.
 *
 * @param <R> a record; its partition is given by the function passed in
 */
final class PartitionScheduler<R> {
    private final int concurrency;
    private final ToIntFunction<R> partitionOf;
    /** Pending records per partition, in offset order; the head may be in flight. */
    private final Map<Integer, ArrayDeque<R>> queues = new LinkedHashMap<>();
    private final Set<Integer> busy = new HashSet<>();
    private int backingOff;

    PartitionScheduler(int concurrency, ToIntFunction<R> partitionOf) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        this.concurrency = concurrency;
        this.partitionOf = partitionOf;
    }

    /** Queues a record; true if its partition held nothing before (the caller pauses it). */
    boolean add(R record) {
        ArrayDeque<R> q = queues.computeIfAbsent(partitionOf.applyAsInt(record), k -> new ArrayDeque<>());
        q.addLast(record);
        return q.size() == 1;
    }

    /** The records to start now, each the head of an idle partition; they count as in flight from here. */
    List<R> startable() {
        List<R> start = new ArrayList<>();
        for (Map.Entry<Integer, ArrayDeque<R>> e : queues.entrySet()) {
            if (busy.size() - backingOff >= concurrency) {
                break;
            }
            if (!busy.contains(e.getKey()) && !e.getValue().isEmpty()) {
                busy.add(e.getKey());
                start.add(e.getValue().peekFirst());
            }
        }
        return start;
    }

    /** A started record is done; true if its partition has nothing left (the caller resumes it). */
    boolean finished(R record) {
        int p = partitionOf.applyAsInt(record);
        busy.remove(p);
        ArrayDeque<R> q = queues.get(p);
        if (q == null) {
            return false;
        }
        if (!q.isEmpty() && q.peekFirst() == record) {
            q.pollFirst();
        }
        if (q.isEmpty()) {
            queues.remove(p);
            return true;
        }
        return false;
    }

    /** A job started or stopped waiting out a back-off: while it waits, its slot computes something else. */
    void backingOff(boolean waiting) {
        backingOff += waiting ? 1 : -1;
    }

    /** Partitions taken away: their queued records are dropped (the new owner reads them), in-flight ones stay. */
    void revoke(Collection<Integer> partitions) {
        for (int p : partitions) {
            ArrayDeque<R> q = queues.get(p);
            if (q == null) {
                continue;
            }
            R head = busy.contains(p) ? q.peekFirst() : null;
            q.clear();
            if (head != null) {
                q.add(head);
            } else {
                queues.remove(p);
            }
        }
    }

    /** True while this partition has work here (a partition given back must stay paused until then). */
    boolean holds(int partition) {
        return queues.containsKey(partition);
    }

    boolean idle() {
        return busy.isEmpty();
    }
}
