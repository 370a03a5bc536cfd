package io.ganglion.drivers.coap;

import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAPMessageFormatException;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.option.StandardOptionRegistry;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.util.DatagramReader;

/**
 * Californium's datagram parser, except that three kinds of block-wise request are malformed messages like any other
 * (all found by CoapServerFuzzTest; each was dropped without an answer, so a device would retransmit until it gave up,
 * and two were logged with a stack trace per datagram):
 * <ul>
 *   <li>a Block1 option promising smaller blocks than the payload it comes with: Californium's parser throws
 *       {@link IllegalStateException}, which its endpoint logs at ERROR;</li>
 *   <li>a Size1 (the whole body's size) smaller than what this block already reaches, or 0: its block-wise layer
 *       throws {@link IllegalArgumentException} ("max. size must not be 0!"), logged at WARN;</li>
 *   <li>RFC 9177's Q-Block1 or Q-Block2 option, critical options Californium knows but does not serve;</li>
 *   <li>and, not block-wise, an option value longer than its definition allows: the parser throws
 *       {@link IllegalArgumentException}, logged at ERROR.</li>
 * </ul>
 * As a {@link CoAPMessageFormatException} the endpoint rejects each the way it rejects other malformed messages (a
 * confirmable request gets 4.00 Bad Request, or 4.02 Bad Option for the Q-Block options; RFC 7252 4.2 and 5.4.1), and
 * we count it.
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
            checkBlocks(message);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: an option value of a length its definition does not allow ("Option Size2
            // value of 8 bytes must be in range of [0-4] bytes"), thrown by the parser or when the options are read.
            throw malformed(message, ResponseCode.BAD_REQUEST, e.getMessage());
        }
    }

    private void checkBlocks(Message message) {
        // RFC 9177's Q-Block options are critical, and Californium knows them without serving them: a request with one
        // was dropped unanswered (found by CoapServerFuzzTest). Unsupported critical option: 4.02 (RFC 7252 5.4.1).
        if (message instanceof Request && (message.getOptions().hasOption(StandardOptionRegistry.Q_BLOCK_1)
                || message.getOptions().hasOption(StandardOptionRegistry.Q_BLOCK_2))) {
            throw malformed(message, ResponseCode.BAD_OPTION, "Q-Block1/Q-Block2 (RFC 9177) are not supported");
        }
        BlockOption block1 = message.getOptions().getBlock1();
        Integer size1 = message.getOptions().getSize1();
        // Size1 0 is refused even for an empty first block: Californium takes Size1 as the transfer's buffer size.
        if (block1 != null && size1 != null && size1 < Math.max(1, block1.getOffset() + message.getPayloadSize())) {
            throw malformed(message, ResponseCode.BAD_REQUEST,
                    "Size1 " + size1 + " is smaller than block " + block1.getNum() + " reaches");
        }
    }

    private CoAPMessageFormatException malformed(Message message, ResponseCode answer, String why) {
        rejected.increment();
        return new CoAPMessageFormatException(why, message.getToken(), message.getMID(), message.getRawCode(),
                message.isConfirmable(), answer);
    }
}
