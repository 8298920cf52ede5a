package io.ephemeralns.janitor.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ArchiveRoomTest {

    private static final String OLDEST = "ci-a-3f2a9c1d-20261128T100000Z";
    private static final String MIDDLE = "ci-b-12345678-20261129T100000Z";
    private static final String NEWEST = "ci-c-9abcdef0-20261130T100000Z";

    /** A volume of {@code capacity} bytes holding archives of known sizes. */
    private static class Volume implements ArchiveStore {
        final Map<String, Long> archives = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();
        final long capacity;

        Volume(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public OptionalLong freeBytes() {
            return OptionalLong.of(capacity - archives.values().stream().mapToLong(Long::longValue).sum());
        }

        @Override
        public List<String> list() {
            return new ArrayList<>(archives.keySet());
        }

        @Override
        public void remove(String name) {
            archives.remove(name);
            removed.add(name);
        }

        @Override
        public Archive open(String name) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long bytes(String name) {
            return archives.getOrDefault(name, 0L);
        }

        @Override
        public String location(String name) {
            return name;
        }
    }

    private static Volume volumeOf(long capacity) {
        Volume volume = new Volume(capacity);
        volume.archives.put(NEWEST, 300L);
        volume.archives.put("notes-of-a-person", 100L);
        volume.archives.put(OLDEST, 300L);
        volume.archives.put(MIDDLE, 300L);
        return volume;
    }

    @Test
    void enoughFreeSpaceRemovesNothing() throws IOException {
        Volume volume = volumeOf(2_000);

        assertThat(ArchiveRoom.make(volume, 500)).isZero();
        assertThat(volume.removed).isEmpty();
    }

    @Test
    void aFullVolumeGivesUpItsOldestArchivesFirstUntilThereIsRoom() throws IOException {
        Volume volume = volumeOf(1_200); // 1,000 used, 200 free

        assertThat(ArchiveRoom.make(volume, 700)).isEqualTo(2);
        assertThat(volume.removed).containsExactly(OLDEST, MIDDLE);
    }

    @Test
    void anEntryThisProductDidNotNameIsNeverRemoved() throws IOException {
        Volume volume = volumeOf(1_100); // 100 free: the three archives must all go

        ArchiveRoom.make(volume, 1_000);

        assertThat(volume.archives).containsOnlyKeys("notes-of-a-person");
    }

    @Test
    void whenEvenEveryArchiveCouldNotMakeTheRoomNoneIsRemoved() throws IOException {
        Volume volume = volumeOf(1_000); // full; the archives hold 900

        assertThat(ArchiveRoom.make(volume, 1_000)).isZero();
        assertThat(volume.removed).isEmpty();
    }

    @Test
    void aStoreWithoutABoundIsNeverPrunedForRoom() throws IOException {
        Volume unbounded = new Volume(0) {
            @Override
            public OptionalLong freeBytes() {
                return OptionalLong.empty();
            }
        };
        unbounded.archives.put(OLDEST, 300L);

        assertThat(ArchiveRoom.make(unbounded, Long.MAX_VALUE)).isZero();
        assertThat(unbounded.removed).isEmpty();
    }
}
