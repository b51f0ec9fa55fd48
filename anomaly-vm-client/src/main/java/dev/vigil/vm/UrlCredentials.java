package dev.vigil.vm;

/**
 * The one rule for credentials written into a URL ({@code scheme://user:password@host/...}), for
 * every place a configured URL is shown: logs, metric labels, error messages, {@code --dryRun}.
 *
 * <p>The user information is everything between {@code ://} and the <em>last</em> {@code @} of the
 * authority (the authority ends at the first {@code /}, {@code ?} or {@code #}), so a password that
 * itself holds an {@code @} is hidden whole and an {@code @} in the path or query is never taken for
 * one. The rest of the URL is kept exactly as written (a trailing slash stays, nothing is
 * normalised); a URL without user information, or text that is not a URL (such as an unresolved
 * {@code %{VAR}}), is returned unchanged.
 *
 * <p>Stateless and thread-safe; linear in the URL's length.
 */
public final class UrlCredentials {

    /** What replaces a hidden password, or a user-only token, in {@link #masked}. */
    public static final String MASK = "***";

    private UrlCredentials() {
    }

    /** {@code url} without its {@code user[:password]@}; {@code null} stays {@code null}. */
    public static String removed(String url) {
        int[] at = userInfo(url);
        return at == null ? url : url.substring(0, at[0]) + url.substring(at[1] + 1);
    }

    /**
     * {@code url} with its password replaced by {@link #MASK}, the user kept ({@code user:***@}); a
     * user information without a colon (a token) is masked whole ({@code ***@}); {@code null} stays
     * {@code null}.
     */
    public static String masked(String url) {
        int[] at = userInfo(url);
        if (at == null) {
            return url;
        }
        String info = url.substring(at[0], at[1]);
        int colon = info.indexOf(':');
        String hidden = colon < 0 ? MASK : info.substring(0, colon + 1) + MASK;
        return url.substring(0, at[0]) + hidden + url.substring(at[1]);
    }

    /** The start and end (the index of the {@code @}) of the user information, or {@code null} when none. */
    private static int[] userInfo(String url) {
        if (url == null) {
            return null;
        }
        int sep = url.indexOf("://");
        if (sep <= 0 || !isScheme(url, sep)) {
            return null;
        }
        int start = sep + 3;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? null : new int[] {start, at};
    }

    /** Whether {@code url[0, end)} is a URI scheme: a letter, then letters, digits, {@code + - .}. */
    private static boolean isScheme(String url, int end) {
        if (!Character.isLetter(url.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = url.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
