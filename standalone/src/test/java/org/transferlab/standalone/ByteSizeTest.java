package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ByteSizeTest {
    private final ByteSize size = new ByteSize();

    @Test
    void plainBytesAndBinarySuffixes() {
        assertThat(size.convert("0")).isZero();
        assertThat(size.convert("1073741824")).isEqualTo(1L << 30);
        assertThat(size.convert("64k")).isEqualTo(64L << 10);
        assertThat(size.convert("512M")).isEqualTo(512L << 20);
        assertThat(size.convert(" 8g ")).isEqualTo(8L << 30);
    }

    @Test
    void nonsenseAndNegativeSizesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> size.convert("lots")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'lots'");
        assertThatThrownBy(() -> size.convert("-1g")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'-1g'");
        assertThatThrownBy(() -> size.convert("9999999999g")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
