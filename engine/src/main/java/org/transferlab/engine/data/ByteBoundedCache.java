package org.transferlab.engine.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least recently used entries out once their sizes add up to more than a budget in bytes. Shared by
 * the jobs of one engine (a worker's concurrency), hence synchronized; two jobs that miss the same key
 * at once both load it, which costs time but never changes a number. An entry larger than the whole
 * budget is not kept.
 */
final class ByteBoundedCache<K, V> {
    private record Entry<V>(V value, long bytes) {
    }

    private final long budget;
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    ByteBoundedCache(long budget) {
        this.budget = budget;
    }

    synchronized V get(K key) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            misses++;
            return null;
        }
        hits++;
        return e.value();
    }

    synchronized void put(K key, V value, long size) {
        if (size > budget) {
            return;
        }
        Entry<V> old = entries.put(key, new Entry<>(value, size));
        bytes += size - (old == null ? 0 : old.bytes());
        Iterator<Map.Entry<K, Entry<V>>> eldest = entries.entrySet().iterator();
        while (bytes > budget && eldest.hasNext()) {
            Map.Entry<K, Entry<V>> e = eldest.next();
            bytes -= e.getValue().bytes();
            eldest.remove();
        }
    }

    /** "hits/lookups, bytes held", for logs and for tests that check reuse across jobs. */
    synchronized String stats() {
        return hits + "/" + (hits + misses) + " lookups served, " + bytes + " bytes held";
    }

    synchronized long hits() {
        return hits;
    }
}
