package io.ganglion.drivers.coap;

import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAPMessageFormatException;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.util.DatagramReader;

/**
 * Californium's datagram parser, except that two inconsistent Block1 transfers are malformed messages like any other
 * (both found by CoapServerFuzzTest):
 * <ul>
 *   <li>a Block1 option promising smaller blocks than the payload it comes with: Californium's parser throws
 *       {@link IllegalStateException}, which its endpoint logs at ERROR with a stack trace;</li>
 *   <li>a Size1 (the whole body's size) smaller than what this block already reaches, or 0: its block-wise layer
 *       throws {@link IllegalArgumentException} ("max. size must not be 0!"), logged at WARN with a stack trace.</li>
 * </ul>
 * Either way the request was dropped without an answer, so a device would retransmit until it gave up, and any peer
 * could fill the log at line rate. As a {@link CoAPMessageFormatException} the endpoint rejects it the way it rejects
 * other malformed messages (a confirmable request gets 4.00 Bad Request, RFC 7252 4.2 and 5.4.1), and we count it.
 */
final class BlockSizeCheckingParser extends UdpDataParser {
    private final LongAdder rejected;

    BlockSizeCheckingParser(LongAdder rejected) {
        this.rejected = rejected;
    }

    @Override
    public void parseOptionsAndPayload(DatagramReader reader, Message message) {
        try {
            super.parseOptionsAndPayload(reader, message);
        } catch (IllegalStateException e) {
            throw malformed(message, e.getMessage());
        }
        BlockOption block1 = message.getOptions().getBlock1();
        Integer size1 = message.getOptions().getSize1();
        // Size1 0 is refused even for an empty first block: Californium takes Size1 as the transfer's buffer size.
        if (block1 != null && size1 != null && size1 < Math.max(1, block1.getOffset() + message.getPayloadSize())) {
            throw malformed(message, "Size1 " + size1 + " is smaller than block " + block1.getNum() + " reaches");
        }
    }

    private CoAPMessageFormatException malformed(Message message, String why) {
        rejected.increment();
        return new CoAPMessageFormatException(why, message.getToken(), message.getMID(), message.getRawCode(),
                message.isConfirmable(), ResponseCode.BAD_REQUEST);
    }
}
