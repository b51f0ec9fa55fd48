package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

    @Test
    void removed_userAndPassword_areGoneAndTheRestIsKeptAsWritten() {
        assertThat(UrlCredentials.removed("http://bob:s3cret@vm:8428/")).isEqualTo("http://vm:8428/");
        assertThat(UrlCredentials.removed("http://bob:s3cret@vm:8428")).isEqualTo("http://vm:8428");
        assertThat(UrlCredentials.removed("https://tok@vm.example/select/0/")).isEqualTo("https://vm.example/select/0/");
    }

    @Test
    void masked_password_isReplacedAndTheUserKept() {
        assertThat(UrlCredentials.masked("http://bob:s3cret@vm:8428/")).isEqualTo("http://bob:***@vm:8428/");
        assertThat(UrlCredentials.masked("http://bob:s3cret@vm:8428")).isEqualTo("http://bob:***@vm:8428");
        assertThat(UrlCredentials.masked("https://tok@vm.example/select/0/")).isEqualTo("https://***@vm.example/select/0/");
    }

    @Test
    void bothRules_passwordWithAt_isHiddenWhole() {
        assertThat(UrlCredentials.removed("http://u:p@ss@h/x")).isEqualTo("http://h/x");
        assertThat(UrlCredentials.masked("http://u:p@ss@h/x")).isEqualTo("http://u:***@h/x");
    }

    @Test
    void bothRules_atOutsideTheAuthority_isNotUserInfo() {
        for (String url : new String[] {"http://vm:8428/path@x", "http://vm:8428?q=a@b", "http://vm:8428#a@b",
                "http://vm:8428", "%{VM_URL}", "vm@host:8428", "", "1http://u:p@h"}) {
            assertThat(UrlCredentials.removed(url)).as(url).isEqualTo(url);
            assertThat(UrlCredentials.masked(url)).as(url).isEqualTo(url);
        }
        assertThat(UrlCredentials.removed(null)).isNull();
        assertThat(UrlCredentials.masked(null)).isNull();
    }

    @Test
    void bothRules_userInfoBeforeAtInQuery_onlyTheAuthorityIsTouched() {
        assertThat(UrlCredentials.removed("http://u:p@h:1/p?q=a@b")).isEqualTo("http://h:1/p?q=a@b");
        assertThat(UrlCredentials.masked("http://u:p@h:1/p?q=a@b")).isEqualTo("http://u:***@h:1/p?q=a@b");
    }
}
