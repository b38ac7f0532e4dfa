package main

import (
	"fmt"
	"os"

	amqp "github.com/rabbitmq/amqp091-go"
)

func main() {
	queue := os.Getenv("QUEUE_URL")
	// os.Getenv("OLD_QUEUE") is gone since the move to RabbitMQ.
	conn, err := amqp.Dial(queue)
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	fmt.Println("consuming from", queue)
}
