"""Example payloads copied from PROTOCOL.md (§4, §5), used by the unit tests."""

from __future__ import annotations

from typing import Any

LIGHT_LIST: dict[str, Any] = {
    "cmd_name": "light_list_resp",
    "cseq": 5,
    "array": [
        {
            "act_id": 3,
            "floor_ind": 11,
            "name": "Kitchen light",
            "room_ind": 31,
            "status": 1,
            "type": "STEP_STEP",
        },
        {
            "act_id": 8,
            "floor_ind": 11,
            "name": "Hall dimmer",
            "perc": 44,
            "room_ind": 33,
            "status": 0,
            "type": "DIMMER",
        },
        {
            "act_id": 12,
            "floor_ind": 12,
            "name": "Terrace strip",
            "perc": 80,
            "rgb": [255, 140, 0],
            "room_ind": 35,
            "status": 1,
            "type": "RGB",
        },
    ],
    "sl_data_ack_reason": 0,
}
NESTED_LIGHT_LIST: dict[str, Any] = {
    "cmd_name": "light_list_resp",
    "cseq": 6,
    "array": [
        {
            "name": "Ground floor",
            "floor_ind": 11,
            "status": 0,
            "array": [
                {
                    "name": "Kitchen",
                    "room_ind": 31,
                    "status": 0,
                    "array": [
                        {
                            "act_id": 3,
                            "name": "Kitchen light",
                            "floor_ind": 11,
                            "room_ind": 31,
                            "status": 1,
                            "type": "STEP_STEP",
                            "leaf": True,
                        },
                    ],
                },
            ],
        },
    ],
    "sl_data_ack_reason": 0,
}
OPENING_LIST: dict[str, Any] = {
    "cmd_name": "openings_list_resp",
    "cseq": 8,
    "array": [
        {
            "close_act_id": 27,
            "floor_ind": 12,
            "name": "Bedroom shutter",
            "open_act_id": 26,
            "partial": [],
            "room_ind": 32,
            "status": 0,
            "type": 0,
        },
    ],
    "sl_data_ack_reason": 0,
}
RELAY_LIST: dict[str, Any] = {
    "cmd_name": "relays_list_resp",
    "cseq": 10,
    "array": [
        {
            "act_id": 41,
            "floor_ind": 11,
            "name": "Garden pump",
            "room_ind": 36,
            "status": 0,
            "icon_id": 3,
        },
    ],
    "sl_data_ack_reason": 0,
}
SCENARIO_LIST: dict[str, Any] = {
    "cmd_name": "scenarios_list_resp",
    "cseq": 11,
    "array": [
        {
            "icon_id": 14,
            "id": 2,
            "name": "All lights off",
            "scenario_status": 0,
            "status": 0,
            "user-defined": 0,
        },
        {
            "icon_id": 23,
            "id": 5,
            "name": "Close shutters",
            "scenario_status": 0,
            "status": 0,
            "user-defined": 0,
        },
        {"id": 65540, "name": "Movie night", "scenario_status": 0, "status": 0, "user-defined": 1},
    ],
    "sl_data_ack_reason": 0,
}
THERMO_LIST: dict[str, Any] = {
    "cseq": 13,
    "cmd_name": "thermo_list_resp",
    "array": [
        {
            "act_id": 61,
            "name": "Living zone",
            "floor_ind": 11,
            "room_ind": 34,
            "status": 1,
            "temp": 198,
            "mode": 2,
            "set_point": 205,
            "thermo_algo": {"type": "D", "diff_t_dec": 3, "pi_set_in_use": 1},
            "season": "winter",
            "antifreeze": 50,
            "t1": 170,
            "t2": 190,
            "t3": 210,
            "profile_data": ["1" * 96] * 8,
            "leaf": True,
        },
        {
            "act_id": 64,
            "name": "Study fan coil",
            "floor_ind": 12,
            "room_ind": 37,
            "status": 0,
            "temp": 231,
            "mode": 1,
            "set_point": 240,
            "thermo_algo": {"type": "P", "diff_t_dec": 2, "pi_set_in_use": 2},
            "season": "winter",
            "antifreeze": 50,
            "fan_speed": 4,
            "dehumidifier": {"enabled": 0, "setpoint": 55},
            "leaf": True,
        },
    ],
    "temperature": {"name": "Outdoor probe", "act_id": 95, "value": 87, "unit": "C"},
    "humidity": {"name": "Indoor hygrometer", "act_id": 96, "value": 48, "unit": "%"},
    "sl_data_ack_reason": 0,
}
NESTED_THERMO_LIST: dict[str, Any] = {
    "cmd_name": "thermo_list_resp",
    "cseq": 14,
    "array": [
        {
            "name": "Ground floor",
            "floor_ind": 11,
            "array": [
                {
                    "act_id": 61,
                    "name": "Living zone",
                    "floor_ind": 11,
                    "room_ind": 34,
                    "status": 1,
                    "temp": 198,
                    "mode": 2,
                    "set_point": 205,
                    "season": "winter",
                    "leaf": True,
                },
            ],
        },
    ],
    "sl_data_ack_reason": 0,
}
DIGITALIN_LIST: dict[str, Any] = {
    "cmd_name": "digitalin_list_resp",
    "cseq": 16,
    "array": [
        {
            "ack": 1,
            "act_id": 0,
            "addr": 210,
            "name": "Garage contact",
            "radio_node_id": "00000000",
            "rf_radio_link_quality": 0,
            "type": 1,
            "utc_time": 0,
        },
        {
            "ack": 0,
            "act_id": 1,
            "addr": 211,
            "name": "Hall button",
            "radio_node_id": "00000000",
            "rf_radio_link_quality": 0,
            "status": 1,
            "type": 1,
            "utc_time": 1790011223,
        },
    ],
    "sl_data_ack_reason": 0,
}
ANALOGIN_LIST: dict[str, Any] = {
    "cseq": 17,
    "cmd_name": "analogin_list_resp",
    "array": [
        {"name": "Cellar hygrometer", "act_id": 70, "value": 63, "unit": "%"},
        {"name": "North thermometer", "act_id": 71, "value": 187, "unit": "C"},
        {"name": "Roof barometer", "act_id": 72, "value": 1009, "unit": "hPa"},
    ],
    "sl_data_ack_reason": 0,
}
TIMER_LIST: dict[str, Any] = {
    "cseq": 19,
    "cmd_name": "timers_list_resp",
    "array": [
        {
            "name": "Porch lights",
            "id": 140,
            "enabled": 1,
            "days": 31,
            "bars": 2,
            "timetable": [
                {"start": {"hour": 7, "min": 15, "sec": 0}, "index": 0},
                {"start": {"hour": 19, "min": 45, "sec": 0}, "index": 2},
            ],
        },
        {
            "name": "Drip line",
            "id": 141,
            "enabled": 0,
            "days": 96,
            "bars": 1,
            "timetable": [
                {
                    "start": {"hour": 5, "min": 0, "sec": 0},
                    "stop": {"hour": 5, "min": 40, "sec": 0},
                    "active": 0,
                    "index": 0,
                }
            ],
        },
    ],
    "sl_data_ack_reason": 0,
}
CAMERA_LIST: dict[str, Any] = {
    "cmd_name": "tvcc_cameras_list_resp",
    "cseq": 27,
    "array": [
        {
            "id": 1,
            "name": "Driveway",
            "uri": "rtsp://10.0.0.41:554/stream1",
            "uri_still": "http://10.0.0.41/snap.jpg",
            "stream_type": "mjpg",
        },
    ],
    "sl_data_ack_reason": 0,
}
MAP_DESCR: dict[str, Any] = {
    "cseq": 28,
    "cmd_name": "map_descr_resp",
    "map": [
        {
            "background": "maps/maps_ground floor.png",
            "page_label": "Ground floor",
            "page_scale": 1024,
            "page_id": 0,
            "array": [
                {
                    "x": 300,
                    "y": 410,
                    "width": 90,
                    "height": 120,
                    "label": "Upstairs",
                    "aspect": "maps_pages_Generico",
                    "icon_id": 0,
                    "permission": 1048575,
                    "read_only": 0,
                    "address": 0,
                    "type": 3,
                    "page": 1,
                },
                {
                    "x": 512,
                    "y": 220,
                    "width": 46,
                    "height": 69,
                    "label": "Hall dimmer",
                    "aspect": "maps_lights_Generico",
                    "icon_id": 0,
                    "permission": 1048575,
                    "read_only": 0,
                    "address": 17,
                    "type": 0,
                    "act_id": 8,
                    "status": 0,
                    "perc": 44,
                },
            ],
        },
        {
            "background": "maps/maps_first floor.png",
            "page_label": "First floor",
            "page_scale": 1024,
            "page_id": 1,
            "array": [],
        },
    ],
    "sl_data_ack_reason": 0,
}
FLOOR_LIST: dict[str, Any] = {
    "cmd_name": "floor_list_resp",
    "cseq": 3,
    "floor_list": [
        {"floor_ind": 11, "name": "Ground floor"},
        {"floor_ind": 12, "name": "First floor"},
    ],
    "sl_data_ack_reason": 0,
}
ROOM_LIST: dict[str, Any] = {
    "cmd_name": "room_list_resp",
    "cseq": 4,
    "room_list": [
        {"room_ind": 31, "name": "Kitchen", "floor_ind": 11},
        {"room_ind": 32, "name": "Bedroom", "floor_ind": 12},
    ],
    "sl_data_ack_reason": 0,
}
STATUS_UPDATE_1: dict[str, Any] = {
    "cmd_name": "status_update_resp",
    "cseq": 30,
    "sl_data_ack_reason": 0,
    "result": [
        {
            "act_id": 8,
            "name": "Hall dimmer",
            "floor_ind": 11,
            "room_ind": 33,
            "status": 1,
            "type": "DIMMER",
            "perc": 60,
            "cmd_name": "light_switch_ind",
        },
        {
            "open_act_id": 26,
            "close_act_id": 27,
            "name": "Bedroom shutter",
            "floor_ind": 12,
            "room_ind": 32,
            "status": 2,
            "cmd_name": "opening_move_ind",
        },
    ],
}
STATUS_UPDATE_2: dict[str, Any] = {
    "cmd_name": "status_update_resp",
    "cseq": 31,
    "sl_data_ack_reason": 0,
    "result": [
        {
            "cmd_name": "thermo_zone_info_ind",
            "act_id": 61,
            "name": "Living zone",
            "floor_ind": 11,
            "room_ind": 34,
            "temp_dec": 201,
            "status": 0,
            "mode": 1,
            "set_point": 215,
            "season": "winter",
            "antifreeze": 50,
            "t1": 170,
            "t2": 190,
            "t3": 210,
            "thermo_algo": {"type": "D", "diff_t_dec": 3, "pi_set_in_use": 1},
            "reason": 2,
        },
        {
            "id": 5,
            "name": "Close shutters",
            "scenario_status": 1,
            "cmd_name": "scenario_status_ind",
        },
        {
            "name": "Hall button",
            "act_id": 1,
            "type": 1,
            "addr": 211,
            "ack": 0,
            "status": 0,
            "radio_node_id": "00000000",
            "rf_radio_link_quality": 0,
            "utc_time": 1791720123,
            "cmd_name": "digitalin_status_ind",
        },
        {
            "name": "Porch lights",
            "id": 140,
            "enabled": 1,
            "days": 95,
            "bars": 2,
            "timetable": [
                {"start": {"hour": 7, "min": 15, "sec": 0}, "index": 0},
                {"start": {"hour": 19, "min": 45, "sec": 0}, "index": 2},
            ],
            "cmd_name": "timer_info_ind",
        },
        {
            "name": "House total",
            "id": 4,
            "meter_type": 1,
            "produced": 0,
            "instant_power": 1280,
            "unit": "W",
            "energy_unit": "Wh",
            "last_24h_avg": 5820488,
            "last_month_avg": 5820488,
            "cmd_name": "meter_instant_power_ind",
        },
        {
            "name": "Heat pump",
            "id": 65611,
            "priority": 141,
            "enabled": 1,
            "act_id": 151,
            "detached": 0,
            "status": 0,
            "loadtype": 1,
            "cmd_name": "loadsctrl_relay_ind",
        },
    ],
}
