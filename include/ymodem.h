/*
 * YMODEM receiver (pure: src/lib/ymodem.c, host-tested): the protocol
 * `sz --ymodem`, minicom and picocom speak. Feed it each received byte and
 * the time; it says what to send back and which data to store where. It
 * takes one file.
 *
 * The protocol (Forsberg, "XMODEM/YMODEM Protocol Reference", 1988):
 *   - the receiver sends 'C' (CRC mode) until the sender starts;
 *   - each block is SOH (128 data bytes) or STX (1024), a sequence number,
 *     its complement, the data, and a CRC-16/XMODEM (polynomial 0x1021,
 *     initial 0, high byte first); the receiver answers ACK, or NAK for a
 *     bad block (the sender sends it again);
 *   - block 0 carries "name\0size ..." (size in decimal); the receiver ACKs
 *     it and sends 'C' again; data blocks are numbered from 1 (mod 256);
 *   - a block whose number is the previous one again is a retransmission
 *     (our ACK was lost): ACKed, not stored;
 *   - EOT ends the file: the first is NAKed, the second ACKed, then 'C'
 *     asks for the next block 0; one with an empty name ends the batch;
 *   - CAN CAN from either side cancels.
 * Silence for YM_TIMEOUT_NS brings a NAK (or a 'C' while waiting for a
 * block 0); too many retries in a row cancel the transfer. Silence in the
 * middle of a block also starts a purge: input is dropped until the line
 * has been quiet for YM_TIMEOUT_NS, then NAKed again, so the late rest of
 * that block is never read as a block start.
 */
#ifndef YMODEM_H
#define YMODEM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define YM_SOH	0x01
#define YM_STX	0x02
#define YM_EOT	0x04
#define YM_ACK	0x06
#define YM_NAK	0x15
#define YM_CAN	0x18
#define YM_CRC	'C'
#define YM_CTRL_C	0x03

#define YM_TIMEOUT_NS		(1000ull * 1000000u)
/* Retries in a row before giving up: a minute to start the sender, then
 * ten per block as the reference suggests. */
#define YM_START_TRIES		60u
#define YM_MAX_ERRORS		10u
#define YM_NAME_MAX		64u

enum ym_status {
	YM_GOING = 0,	/* keep feeding */
	YM_DONE = 1,	/* a file was received whole */
	/* otherwise a negative errno: -ECANCELED (the sender's CAN CAN),
	 * -EINTR (Ctrl-C here), -ETIMEDOUT, -EIO (too many bad blocks), -EFBIG
	 * (bigger than the room given), -EPROTO (out of sequence), -ENODATA
	 * (the batch ended without a file) */
};

/* What the caller must do after a call. */
struct ym_action {
	uint8_t reply[2];	/* send these bytes, in order ... */
	unsigned nreply;	/* ... this many (0-2) */
	const uint8_t *data;	/* store len bytes from data ... */
	uint32_t offset, len;	/* ... at this offset in the file (len 0: none) */
	int status;		/* enum ym_status or a negative errno */
};

struct ymodem {
	uint32_t capacity;	/* the most the file may hold */
	uint64_t last_ns;	/* the last byte, or the last prompt sent */
	unsigned errors;	/* retries in a row */
	bool in_file;		/* block 0 accepted, EOT not yet */
	bool have_file;		/* a file ended with EOT */
	bool eot_nak;		/* the first EOT was NAKed */
	bool can;		/* the previous byte at a block boundary was CAN */
	bool started;		/* a block 0 has been accepted */
	bool purging;		/* a block timed out: input dropped until quiet */
	uint8_t seq;		/* the sequence number expected next */
	uint16_t need, got;	/* bytes of the block in buf: wanted, got (0: none) */
	uint8_t buf[3 + 1024 + 2];	/* the block from buf[1] (SOH/STX only sets need) */
	bool size_known;
	uint32_t size;		/* from block 0 */
	uint32_t received;	/* file bytes delivered */
	char name[YM_NAME_MAX];
};

/* CRC-16/XMODEM of @n bytes (check value of "123456789": 0x31c3). */
uint16_t ym_crc16(const uint8_t *p, size_t n);

/* Start receiving at most @capacity bytes at @now_ns: @a says to send 'C'. */
void ym_init(struct ymodem *y, uint32_t capacity, uint64_t now_ns, struct ym_action *a);

/* @byte arrived at @now_ns (times never go backwards). */
void ym_byte(struct ymodem *y, uint8_t byte, uint64_t now_ns, struct ym_action *a);

/* Nothing has arrived by @now_ns: a retry when the timeout has passed. */
void ym_idle(struct ymodem *y, uint64_t now_ns, struct ym_action *a);

#endif
