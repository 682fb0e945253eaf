import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP/1.1 POSTs over SwiftNIO, for `http://` servers (a local llama.cpp, vLLM or Ollama).
///
/// URLSession on Linux drives libcurl through dispatch sources that re-arm without pause
/// while a reply is awaited: measured here, waiting on a server that answers after 5 s cost
/// `mmlupro` 60% of a core, taken from the model server it waits on. NIO waits in `epoll` and
/// costs nothing while it waits. One connection per request (`Connection: close`): on loopback
/// a connect costs less than a millisecond, and nothing is shared between requests that could
/// wedge them all.
public final class NIOTransport: HTTPTransport {
    private let group: any EventLoopGroup

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func post(_ url: URL, headers: [(String, String)], body: Data, timeout: Double) async throws -> HTTPReply {
        guard let host = url.host, url.scheme == "http" else { throw HTTPTransportError.transport("not an http:// URL: \(url)") }
        let port = url.port ?? 80
        let path = url.path.isEmpty ? "/" : url.path + (url.query.map { "?" + $0 } ?? "")
        let loop = group.next()
        let exchange = Exchange(promise: loop.makePromise(of: HTTPReply.self))
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(min(timeout, 30) * 1000)))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ReplyCollector(exchange: exchange))
                }
            }
        // The deadline covers connecting, sending and the whole reply.
        let deadline = loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            exchange.finish(.failure(HTTPTransportError.timedOut))
        }
        defer { deadline.cancel() }
        return try await withTaskCancellationHandler {
            bootstrap.connect(host: host, port: port).whenComplete { result in
                switch result {
                case .failure(let error):
                    exchange.finish(.failure(HTTPTransportError.transport("cannot connect to \(host):\(port): \(error)")))
                case .success(let channel):
                    exchange.attach(channel)
                    var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
                    head.headers.add(name: "Host", value: "\(host):\(port)")
                    head.headers.add(name: "Content-Length", value: String(body.count))
                    head.headers.add(name: "Connection", value: "close")
                    for (name, value) in headers { head.headers.add(name: name, value: value) }
                    channel.write(HTTPClientRequestPart.head(head), promise: nil)
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                }
            }
            return try await exchange.promise.futureResult.get()
        } onCancel: {
            exchange.finish(.failure(CancellationError()))
        }
    }
}

/// One request's outcome, settled once, whichever comes first: the reply, a failure, the
/// deadline or the caller's cancellation. Settling closes the connection.
private final class Exchange: @unchecked Sendable {
    let promise: EventLoopPromise<HTTPReply>
    private let lock = NSLock()
    private var done = false
    private var channel: (any Channel)?

    init(promise: EventLoopPromise<HTTPReply>) { self.promise = promise }

    func attach(_ channel: any Channel) {
        let settled = lock.withLock {
            self.channel = channel
            return done
        }
        if settled { channel.close(promise: nil) }
    }

    func finish(_ result: Result<HTTPReply, any Error>) {
        let channel: (any Channel)?? = lock.withLock {
            guard !done else { return nil }
            done = true
            return .some(self.channel)
        }
        guard let channel else { return }
        promise.completeWith(result)
        channel?.close(promise: nil)
    }
}

/// Collects the status, headers and body of the reply (at most 64 MB).
private final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    static let limit = 64 << 20
    private let exchange: Exchange
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    init(exchange: Exchange) { self.exchange = exchange }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(var part):
            guard body.readableBytes + part.readableBytes <= Self.limit else {
                exchange.finish(.failure(HTTPTransportError.transport("reply larger than \(Self.limit >> 20) MB")))
                return
            }
            body.writeBuffer(&part)
        case .end:
            guard let head else { return exchange.finish(.failure(HTTPTransportError.transport("reply without a status line"))) }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            exchange.finish(.success(HTTPReply(status: Int(head.status.code), headers: headers, body: Data(body.readableBytesView))))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        exchange.finish(.failure(HTTPTransportError.transport("the server closed the connection before its reply ended")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        exchange.finish(.failure(HTTPTransportError.transport("\(error)")))
    }
}
