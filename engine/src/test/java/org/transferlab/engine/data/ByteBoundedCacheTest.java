package org.transferlab.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteBoundedCacheTest {

    @Test
    void leastRecentlyUsedEntriesLeaveOnceTheBudgetIsExceeded() {
        ByteBoundedCache<String, String> cache = new ByteBoundedCache<>(100);
        cache.put("a", "A", 40);
        cache.put("b", "B", 40);
        assertThat(cache.get("a")).isEqualTo("A"); // a is now more recent than b
        cache.put("c", "C", 40);                    // 120 > 100: b, the least recently used, goes
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo("A");
        assertThat(cache.get("c")).isEqualTo("C");
        cache.put("huge", "H", 101);                // larger than the whole budget: not kept, nothing evicted
        assertThat(cache.get("huge")).isNull();
        assertThat(cache.get("a")).isEqualTo("A");
        cache.put("a", "A2", 90);                   // replacing an entry counts its new size only: 130 -> c goes
        assertThat(cache.get("c")).isNull();
        assertThat(cache.get("a")).isEqualTo("A2");
        assertThat(cache.stats()).startsWith("5/8 lookups served").endsWith("90 bytes held");
    }
}
