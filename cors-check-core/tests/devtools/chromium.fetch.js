fetch("https://api.example.com/v1/items/3", {
  "headers": {
    "accept": "*/*",
    "accept-language": "en-US,en;q=0.9",
    "content-type": "application/json",
    "priority": "u=1, i",
    "sec-ch-ua": "\"Chromium\";v=\"124\", \"Not-A.Brand\";v=\"99\"",
    "sec-ch-ua-mobile": "?0",
    "sec-ch-ua-platform": "\"Linux\"",
    "sec-fetch-dest": "empty",
    "sec-fetch-mode": "cors",
    "sec-fetch-site": "same-site",
    "x-request-id": "7f3c"
  },
  "referrer": "https://app.example.com/items/3",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": "{\"name\":\"widget\"}",
  "method": "PATCH",
  "mode": "cors",
  "credentials": "include"
});
