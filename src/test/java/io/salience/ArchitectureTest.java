package io.salience;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.salience");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.salience.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheWebLayerKnowsTheWebLayer() {
        noClasses().that().resideOutsideOfPackage("io.salience.web..")
                .should().dependOnClassesThat().resideInAPackage("io.salience.web..").check(CLASSES);
    }

    @Test
    void nothingButTheConsoleKnowsTheConsole() {
        noClasses().that().resideOutsideOfPackage("io.salience.console..")
                .should().dependOnClassesThat().resideInAPackage("io.salience.console..").check(CLASSES);
        noClasses().that().resideInAPackage("io.salience.console..")
                .should().dependOnClassesThat().resideInAPackage("io.salience.web..").check(CLASSES);
    }

    @Test
    void theTrainingLoopKnowsNothingOfHttpJobsOrTheDatabase() {
        noClasses().that().resideInAPackage("io.salience.training..")
                .should().dependOnClassesThat().resideInAnyPackage("io.salience.jobs..", "io.salience.checkpoints..",
                        "io.salience.serving..", "io.salience.explain..", "org.springframework.web..",
                        "jakarta.persistence..", "org.springframework.data..")
                .check(CLASSES);
    }

    @Test
    void modelAndDataStayAtTheBottom() {
        noClasses().that().resideInAnyPackage("io.salience.model..", "io.salience.data..")
                .should().dependOnClassesThat().resideInAnyPackage("io.salience.training..", "io.salience.jobs..",
                        "io.salience.checkpoints..", "io.salience.serving..", "io.salience.explain..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.salience.data..")
                .should().dependOnClassesThat().resideInAnyPackage("io.salience.model..", "io.salience.engine..")
                .check(CLASSES);
    }

    @Test
    void servingDoesNotReachIntoJobs() {
        noClasses().that().resideInAPackage("io.salience.serving..")
                .should().dependOnClassesThat().resideInAnyPackage("io.salience.jobs..", "io.salience.explain..")
                .check(CLASSES);
    }
}
