package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VmSettingsTest {

    @Test
    void withoutCredentials_userInfo_isRemovedForLogsAndMetricLabels() {
        assertThat(VmSettings.withoutCredentials("http://bob:s3cret@vm:8428/")).isEqualTo("http://vm:8428/");
        assertThat(VmSettings.withoutCredentials("https://tok@vm.example/select/0/")).isEqualTo("https://vm.example/select/0/");
        assertThat(VmSettings.withoutCredentials("http://vm:8428/path@x")).isEqualTo("http://vm:8428/path@x");
        assertThat(VmSettings.withoutCredentials("http://vm:8428")).isEqualTo("http://vm:8428");
    }
}
