package com.onceteller.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;

/** The layers of the developers' guide, enforced on the production classes. */
@AnalyzeClasses(packages = "com.onceteller", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule nothingBelowTheUiImportsJavafx =
      noClasses()
          .that()
          .resideInAnyPackage(
              "com.onceteller.domain..",
              "com.onceteller.branch.service..",
              "com.onceteller.desk.client..",
              "com.onceteller.branch.ledger..",
              "com.onceteller.desk.timeline..",
              "com.onceteller.desk.remote..",
              "com.onceteller.branch.http..",
              "com.onceteller.wire..",
              "com.onceteller.demo..",
              "com.onceteller.paper..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "com.sun.javafx..")
          .because("domain, service, client, ledger, timeline and faults must run without a UI");

  @ArchTest
  static final ArchRule theUiImportsNoPersistence =
      noClasses()
          .that()
          .resideInAPackage("com.onceteller.ui..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
          .because("views talk to the service and read records, never entities or sessions")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule theProductionLayersNeverDependOnFaults =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "com.onceteller.app..", "com.onceteller.demo..", "com.onceteller.ui..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.onceteller.demo..")
          .because("production layers never know about demonstrations");

  @ArchTest
  static final ArchRule faultInjectorsAreWiredOnlyInTheCompositionRoot =
      noClasses()
          .that()
          .resideOutsideOfPackages("com.onceteller.app..", "com.onceteller.demo..")
          .should()
          .dependOnClassesThat()
          .haveSimpleName("FaultInjectingTransport")
          .orShould()
          .dependOnClassesThat()
          .haveSimpleName("FaultingServiceObserver")
          .because(
              "the demo panel may arm a fault (FaultPlan) but only the app's composition root wires"
                  + " the injecting transport and observer");

  @ArchTest
  static final ArchRule theDomainIsPure =
      classes()
          .that()
          .resideInAPackage("com.onceteller.domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "com.onceteller.domain..")
          .because("domain holds plain records and validation");

  @ArchTest
  static final ArchRule theServiceReturnsRecordsNeverEntities =
      noMethods()
          .that()
          .areDeclaredInClassesThat()
          .resideInAPackage("com.onceteller.branch.service..")
          .and()
          .arePublic()
          .should()
          .haveRawReturnType(
              describe("an @Entity", (JavaClass c) -> c.isAnnotatedWith(Entity.class)))
          .because("callers of the service get immutable records, never managed entities");

  @ArchTest
  static final ArchRule theDeskNeverImportsTheBranchsPersistence =
      noClasses()
          .that()
          .resideInAPackage("com.onceteller.desk..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.onceteller.branch.ledger..", "jakarta.persistence..", "org.hibernate..")
          .because("the desk keeps its own store; it reaches the ledger only through the service");

  @ArchTest
  static final ArchRule noPackageCycles =
      com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
          .matching("com.onceteller.(**)")
          .should()
          .beFreeOfCycles()
          .because("each package can be understood, tested and replaced from below");

  @ArchTest
  static final ArchRule theDeskTalksToTheBranchOnlyThroughTheWire =
      noClasses()
          .that()
          .resideInAPackage("com.onceteller.desk.remote..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.onceteller.branch..", "org.hibernate..", "jakarta.persistence..", "io.javalin..")
          .because(
              "the desk's HTTP client knows the domain, the desk client and the wire format, never"
                  + " the server's persistence or service classes");

  @ArchTest
  static final ArchRule theBranchServerIsATranslatorOverTheService =
      noClasses()
          .that()
          .resideInAPackage("com.onceteller.branch.http..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.onceteller.desk..",
              "com.onceteller.ui..",
              "com.onceteller.app..",
              "com.onceteller.demo..",
              "org.hibernate..",
              "jakarta.persistence..")
          .because(
              "the HTTP layer uses the service (and opens nothing itself but the ledger it is"
                  + " given); it never reaches into sessions, entities, desks or demonstrations");

  @ArchTest
  static final ArchRule theWireFormatDependsOnlyOnTheDomainAndJson =
      classes()
          .that()
          .resideInAPackage("com.onceteller.wire..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "com.onceteller.domain..",
              "com.onceteller.wire..",
              "com.fasterxml.jackson..")
          .because("server and desk share one codec, which must not drag either side along");
}
