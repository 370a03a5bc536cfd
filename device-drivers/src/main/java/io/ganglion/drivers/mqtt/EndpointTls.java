package io.ganglion.drivers.mqtt;

import io.ganglion.profiles.InvalidSettingException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS on the embedded MQTT endpoint (YAML: {@code mqtt.endpoint.tls}); the endpoint then speaks MQTT over TLS only
 * (conventionally on port 8883).
 *
 * @param certificate the endpoint's certificate chain, PEM
 * @param key         its private key, PEM (PKCS#8)
 * @param clientCa    optional: PEM certificates that sign (or are) the devices' client certificates; when set, every
 *                    device must present a certificate they vouch for, and its common name (CN) is the device id it
 *                    acts for ({@link DeviceAccess}): no password is needed
 */
public record EndpointTls(Path certificate, Path key, Path clientCa) {
    /**
     * The device a verified client certificate names: its common name (CN); null without a session, a peer
     * certificate or a CN.
     */
    static String verifiedDevice(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) {
                return null;
            }
            for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return null;
        }
    }

    public EndpointTls {
        if (certificate == null) {
            throw new InvalidSettingException("certificate", "the endpoint's certificate, a PEM file", "nothing");
        }
        if (key == null) {
            throw new InvalidSettingException("key", "the certificate's private key, a PEM file", "nothing");
        }
    }
}
