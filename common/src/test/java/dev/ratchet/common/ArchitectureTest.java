package dev.ratchet.common;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.ratchet.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The services' shared runtime: no package cycles, and no service's code. */
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
}
