package io.ganglion.drivers.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered, for Paho. Paho 1.2.5 reads the socket's raw input stream a byte or a
 * field at a time, so every MQTT header costs several {@code read} system calls; measured here, Paho's receive thread
 * spent about 10 microseconds of CPU per message, more than the decoding. A buffer lets one system call bring in many
 * messages. Only Paho's receive thread reads, so the buffer needs no locking; a read timeout leaves it consistent
 * (no bytes are taken when {@code read} throws).
 */
final class BufferedSocketFactory extends SocketFactory {
    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedInputSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new BufferedInputSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new BufferedInputSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = new BufferedInputSocket();
        socket.connect(address);
        return socket;
    }

    private static final class BufferedInputSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
            }
            return input;
        }
    }
}
