/* CRC-32 (IEEE 802.3, as zlib: reflected 0xEDB88320, initial and final
 * inversion). Pure. crc32_update(0, data, n) starts a new checksum. */
#ifndef CRC32_H
#define CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32_update(uint32_t crc, const void *data, size_t n);

#endif
