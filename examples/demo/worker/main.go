package main

import (
	"fmt"
	"os"
)

func main() {
	queue := os.Getenv("QUEUE_URL")
	// os.Getenv("OLD_QUEUE") is gone since the move to RabbitMQ.
	fmt.Println("consuming from", queue)
}
