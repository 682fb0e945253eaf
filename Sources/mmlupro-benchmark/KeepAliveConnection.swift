import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 connection kept open for a reviewer's requests, one at a time, as a reviewer's
/// browser keeps its page's connection: the review benchmark's client. (The product's
/// ``NIOTransport`` opens a connection per request, right for a model server and for a
/// connection-per-request run of the benchmark.)
final class KeepAliveConnection: @unchecked Sendable {
    struct Reply {
        var status: Int
        var body: Data
    }

    private let channel: any Channel
    private let collector: Collector
    private let host: String

    private init(channel: any Channel, collector: Collector, host: String) {
        self.channel = channel
        self.collector = collector
        self.host = host
    }

    static func connect(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws
        -> KeepAliveConnection
    {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: host, port: port).get()
        return KeepAliveConnection(channel: channel, collector: collector, host: "\(host):\(port)")
    }

    /// POSTs `body` to `path` and waits for the whole reply (at most `timeout` seconds).
    func post(_ path: String, headers: [(String, String)], body: Data, timeout: Double = 60) async throws -> Reply {
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: Reply.self)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Content-Length", value: String(body.count))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let channel = channel
        let collector = collector
        loop.execute {
            collector.await(promise)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        let deadline = loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            promise.fail(ChannelError.connectTimeout(.milliseconds(Int64(timeout * 1000))))
        }
        defer { deadline.cancel() }
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }

    /// Collects one reply at a time into the waiting request's promise. Touched only on the
    /// channel's event loop.
    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart

        private var waiting: EventLoopPromise<Reply>?
        private var status = 0
        private var body = ByteBuffer()

        func await(_ promise: EventLoopPromise<Reply>) {
            waiting = promise
            status = 0
            body.clear()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): status = Int(head.status.code)
            case .body(var part): body.writeBuffer(&part)
            case .end:
                waiting?.succeed(Reply(status: status, body: Data(body.readableBytesView)))
                waiting = nil
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            waiting?.fail(ChannelError.ioOnClosedChannel)
            waiting = nil
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            waiting?.fail(error)
            waiting = nil
            context.close(promise: nil)
        }
    }
}
