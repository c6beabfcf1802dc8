#!/bin/sh
# Starts a single-node KRaft broker. Settings from the environment:
#   KAFKA_ADVERTISED_HOST  the host name clients reach this broker by (default: the container's host name)
#   KAFKA_PORT             the client port (default 9092); the controller listens on KAFKA_PORT+1 on localhost
#   KAFKA_CLUSTER_ID       the cluster id written when the data folder is formatted (22 characters, base64)
# Data lives in /var/lib/kafka (a volume): a restarted container keeps its topics and offsets.
set -eu
port=${KAFKA_PORT:-9092}
controller=$((port + 1))
host=${KAFKA_ADVERTISED_HOST:-$(hostname)}
data=/var/lib/kafka
conf=$data/server.properties
cat >"$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$controller
listeners=PLAINTEXT://0.0.0.0:$port,CONTROLLER://localhost:$controller
advertised.listeners=PLAINTEXT://$host:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=16777216
PROPS
cp="/opt/kafka/libs/*"
logging=-Dlog4j2.configurationFile=/opt/kafka/log4j2.properties
if [ ! -f "$data/logs/meta.properties" ]; then
  java $logging -cp "$cp" kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id "${KAFKA_CLUSTER_ID:-BgZSoNLtTlaSuacbUiHVTg}" --config "$conf"
fi
exec java $logging -cp "$cp" kafka.Kafka "$conf"
