/// Indian STD (trunk dialling) codes that start with 1–5, without the trunk 0.
///
/// Derived from the fixed-line pattern of libphonenumber's metadata for IN (read through the
/// Python port `phonenumbers`): an Indian landline NSN is an STD code of 2, 3 or 4 digits followed by
/// a subscriber number that starts with 2–7, 10 digits in all. STD codes starting 6–8 are not listed
/// because every 10-digit number starting 6–9 is accepted as a mobile.
///
/// Numbering plans change; when a real landline is rejected, add its code here with a test.
enum IndiaSTDCodes {
    /// Metropolitan 2-digit codes: 11 Delhi, 20 Pune, 22 Mumbai, 33 Kolkata, 40 Hyderabad, 44 Chennai.
    static let twoDigit: Set<Substring> = codes(
        "11 20 22 33 40 44"
    )

    /// 3-digit codes.
    static let threeDigit: Set<Substring> = codes(
        "120 121 122 124 129 130 131 132 135 141 144 145 151 154 160 161 164 171 172 175 177 180 181 183 184 186 191 " +
        "194",
        "212 215 217 230 231 233 240 241 250 251 253 257 260 261 265 268 278 281 285 286 288 291 294",
        "326 341 342 343 353 354 360 361 364 368 369 370 372 373 374 376 381 385 389",
        "413 416 421 422 423 424 427 431 435 451 452 460 461 462 466 467 468 469 470 471 472 474 475 476 477 478 479 " +
        "480 481 483 484 485 487 490 491 494 495 496 497",
        "510 512 515 522 532 535 542 548 551 552 562 565 571 581 591 595"
    )

    /// The first three digits of 4-digit codes; any fourth digit completes the code.
    static let fourDigitPrefixes: Set<Substring> = codes(
        "123 125 126 127 128 133 134 136 137 138 139 142 143 146 147 148 149 150 152 153 155 156 157 158 159 162 163 " +
        "165 166 167 168 169 173 174 176 178 179 182 185 187 188 189 190 192 193 195 196 197 198 199",
        "211 213 214 216 218 219 232 234 235 236 237 238 242 243 244 245 246 247 248 252 255 256 258 259 262 263 264 " +
        "266 267 269 271 273 274 275 276 277 279 282 283 284 287 289 292 293 295 296 297 298 299",
        "301 317 319 321 322 323 324 325 342 345 346 347 348 351 352 355 356 358 359 362 363 365 366 367 371 375 377 " +
        "378 379 382 383 384 386 387 388",
        "411 414 415 417 418 425 426 428 429 432 433 434 436 437 454 455 456 457 463 465 473 482 486 488 489 492 493 " +
        "498 499",
        "511 514 516 517 518 519 521 524 525 526 527 528 531 533 534 536 541 544 545 546 549 554 556 561 564 566 567 " +
        "568 569 572 573 574 582 583 584 585 586 587 588 592 594 596"
    )

    /// True when `std` (2, 3 or 4 digits) is a listed STD code.
    static func contains(_ std: Substring) -> Bool {
        switch std.count {
        case 2: twoDigit.contains(std)
        case 3: threeDigit.contains(std)
        case 4: fourDigitPrefixes.contains(std.prefix(3))
        default: false
        }
    }

    /// Splits space-separated code lists, one list per leading digit.
    private static func codes(_ lists: String...) -> Set<Substring> {
        Set(lists.flatMap { $0.split(separator: " ") })
    }
}
