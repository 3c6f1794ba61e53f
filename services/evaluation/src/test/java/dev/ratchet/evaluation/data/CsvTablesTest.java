package dev.ratchet.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTablesTest {

    @TempDir
    Path dir;

    @Test
    void aTextColumnKeepsEveryValueWhenItOutgrowsByteCodesMidFile() throws IOException {
        // 3,000 rows: the first 2,000 cycle through 200 values (byte codes, grown past the first
        // array), the rest add 300 more, so the codes widen to ints part-way through
        StringBuilder csv = new StringBuilder("category,x\n");
        String[] expected = new String[3000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i < 2000 ? "c" + (i % 200) : "d" + (i % 300);
            csv.append(expected[i]).append(',').append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("wide.csv"), csv);

        Table table = CsvTables.read(file.toString(), Set.of());

        assertArrayEquals(expected, table.texts("category"));
        assertEquals(500, table.distinct("category").size());
        assertEquals(2999.0, table.numbers("x")[2999]);
    }

    @Test
    void aTextColumnOfFewValuesReadsBackWithItsMissingValues() throws IOException {
        Path file = Files.writeString(dir.resolve("narrow.csv"), "label,s\nyes,a\nno,\nyes,b\n");

        Table table = CsvTables.read(file.toUri().toString(), Set.of("label"));

        assertArrayEquals(new String[] {"yes", "no", "yes"}, table.texts("label"));
        assertArrayEquals(new String[] {"a", null, "b"}, table.texts("s"));
        assertEquals(3, table.distinct("s").size());
    }
}
