/**
 * `application/vnd.amazon.eventstream` bodies, encoded with Smithy's codec (the same one the SDK
 * decodes with): one binary message per event, each with `:event-type`, `:content-type` and
 * `:message-type` headers and a JSON payload.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec'
import { fromUtf8, toUtf8 } from '@smithy/util-utf8'

const codec = new EventStreamCodec(toUtf8, fromUtf8)

export interface StreamEvent {
  /** `messageStart`, `contentBlockDelta`, … for Converse; `chunk` for InvokeModelWithResponseStream. */
  type: string
  payload: unknown
}

export function encodeEvent(event: StreamEvent): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: event.type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' }
    },
    body: fromUtf8(JSON.stringify(event.payload))
  })
}

/** The events as a streamed body: one message per chunk, as Bedrock sends them. */
export async function* eventStream(events: readonly StreamEvent[]): AsyncIterable<Uint8Array> {
  for (const event of events) yield encodeEvent(event)
}

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream'
