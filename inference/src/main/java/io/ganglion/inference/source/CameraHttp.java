package io.ganglion.inference.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** How the HTTP sources talk to cameras: one place for what camera web servers need. */
final class CameraHttp {
    private CameraHttp() {
    }

    /**
     * A client for one camera. HTTP/1.1 only: the JDK client's default offers an h2c upgrade, which the small web
     * servers in cameras often answer with an error or a dropped connection.
     */
    static HttpClient client(SourceLimits limits) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * A GET of {@code url}. Credentials in the URL ({@code http://user:pass@camera/...}, the way camera manuals
     * give stream URLs) become a Basic Authorization header, since the JDK client does not send them itself.
     */
    static HttpRequest get(URI url, SourceLimits limits, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(url))
                .timeout(limits.readTimeout())
                .header("Accept", accept)
                .GET();
        String userInfo = url.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    /** The URL for logs and frame origins: without its password. */
    static String redacted(URI url) {
        return url.getUserInfo() == null ? url.toString() : withoutUserInfo(url).toString();
    }

    static URI checked(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("a camera URL must be http:// or https:// with a host, not " + url);
        }
        return url;
    }

    private static URI withoutUserInfo(URI url) {
        if (url.getUserInfo() == null) {
            return url;
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad camera URL " + url, e);
        }
    }
}
