package dev.ratchet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.ratchet.testing.ArchitectureRules;
import dev.ratchet.testing.ConfigurationTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The services' shared runtime: no package cycles, no service's code, its settings in the README. */
class ArchitectureTest {
    private static final String ROOT = "dev.ratchet.common";
    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses(ROOT);

    @Test
    void packagesFormNoCycle() {
        ArchitectureRules.noCyclesBetweenPackages(ROOT).check(CLASSES);
    }

    @Test
    void usesNoServicesCode() {
        ArchitectureRules.noOtherServicesCode(ROOT).check(CLASSES);
    }

    @Test
    void everySettingIsInTheReadme() {
        assertEquals(
                List.of(),
                ConfigurationTable.undocumented(List.of(RuntimeConfig.class), null),
                "settings missing from the README's configuration table");
    }
}
